"""The cohort page offers what the groups presenters derive for each status (issue #18)."""

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.groups import services
from rose.groups.models import CohortStatus, Enrolment, EnrolmentStatus
from rose.groups.tests.factories import make_cohort, make_waiting
from rose.groups.tests.test_state_presenters import ENROLMENT_EXPECTED

pytestmark = pytest.mark.django_db


def _page(client, cohort):
    return client.get(reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})).content.decode()


@pytest.mark.parametrize("status", EnrolmentStatus.values)
def test_enrolment_links_for_every_status(client_for, programme, status):
    cohort = make_cohort(programme)
    enrolment = services.enrolment_offer(cohort=cohort, entry=make_waiting(programme))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)  # the page, not the service, is under test
    html = _page(client_for(Role.COORDINATOR), cohort)
    respond = reverse("groups:enrolment_respond", kwargs={"enrolment_id": enrolment.pk})
    withdraw = reverse("groups:enrolment_withdraw", kwargs={"enrolment_id": enrolment.pk})
    assert (respond in html) is ("respond" in ENROLMENT_EXPECTED[status])
    assert (withdraw in html) is ("withdraw" in ENROLMENT_EXPECTED[status])


def test_only_a_planned_cohort_offers_moving_and_cancelling(client_for, programme):
    cohort = make_cohort(programme)
    client = client_for(Role.COORDINATOR)
    html = _page(client, cohort)
    assert "Move the cohort to new dates" in html
    assert reverse("groups:session_move", kwargs={"session_id": cohort.sessions.first().pk}) in html
    type(cohort).objects.filter(pk=cohort.pk).update(status=CohortStatus.CANCELLED)
    cohort.sessions.update(status="cancelled")
    html = _page(client, cohort)
    assert "Move the cohort to new dates" not in html
    assert reverse("groups:session_move", kwargs={"session_id": cohort.sessions.first().pk}) not in html
    assert "(cancelled)" in client.get(reverse("groups:cohort_list")).content.decode()
