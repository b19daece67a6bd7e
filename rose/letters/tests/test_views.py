"""The referrer sees the letters sent to the GP on the referral status page and downloads them (audited)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rose.accounts.roles import Role
from rose.accounts.tests.factories import OrganisationFactory
from rose.audit.models import AuditEvent
from rose.letters.tests.factories import sent_letter
from tests.roles import check_roles

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organisation(programme):
    return OrganisationFactory(programme=programme)


def test_the_referrer_sees_the_letters_and_downloads_one(client_for, organisation):
    referral, delivery = sent_letter(organisation=organisation, pdf=b"%PDF-1.4 the letter")
    client = client_for(Role.REFERRER, organisation=organisation)
    page = client.get(reverse("referrals:status", kwargs={"referral_id": referral.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Letters sent to the GP practice" in html and "Download letter version 1 (PDF)" in html
    url = reverse("letters:download", kwargs={"delivery_id": delivery.pk})
    assert url in html
    before = AuditEvent.objects.filter(object_id=str(delivery.pk)).count()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response) == b"%PDF-1.4 the letter"
    assert AuditEvent.objects.filter(object_id=str(delivery.pk), action="view").count() == before + 1


def test_only_referrers_may_download(client_for, organisation):
    _, delivery = sent_letter(organisation=organisation)
    check_roles(client_for, reverse("letters:download", kwargs={"delivery_id": delivery.pk}), [Role.REFERRER],
                organisation=organisation)


def test_a_referrer_of_another_organisation_gets_404(client_for, organisation, programme):
    _, delivery = sent_letter(organisation=organisation)
    other = client_for(Role.REFERRER, organisation=OrganisationFactory(programme=programme))
    assert other.get(reverse("letters:download", kwargs={"delivery_id": delivery.pk})).status_code == 404


def test_the_status_page_runs_the_same_queries_for_one_letter_or_three(client_for, organisation):
    from rose.letters.models import LetterDelivery
    from rose.letters.tests.factories import approved_version

    referral, first = sent_letter(organisation=organisation)
    client = client_for(Role.REFERRER, organisation=organisation)
    url = reverse("referrals:status", kwargs={"referral_id": referral.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in (2, 3):
        version = approved_version(referral.patient, pdf=b"%PDF")
        LetterDelivery.objects.create(version=version, patient=referral.patient, programme_id=first.programme_id,
                                      state="sent", document_version=number, change="Step 2 slowed down")
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert page.content.decode().count("Updated letter (version") == 2
    assert len(three.captured_queries) == len(one.captured_queries)
