"""Builders for tests/test_audit_walk.py: the letter download writes an audit row."""

from rose.accounts.roles import Role
from rose.accounts.tests.factories import OrganisationFactory


def _download(make_user):
    from django.urls import reverse

    from rose.letters.tests.factories import sent_letter

    user = make_user(Role.REFERRER)
    user.organisation = OrganisationFactory(programme=user.programme)
    user.save(update_fields=["organisation"])
    _, delivery = sent_letter(organisation=user.organisation)
    return user, reverse("letters:download", kwargs={"delivery_id": delivery.pk})


CASES = {"letters:download": _download}
