"""Staff can text a patient a link to their own page by hand, and the first contact after a
referral is accepted carries it, so the portal is reachable from day one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.messaging.models import OutboundMessage
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import AccessLink, TimelineEntry
from rose.patients.tests.factories import PatientFactory
from rose.referrals import services as referral_services
from rose.referrals.tests.factories import ReferralFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db


def _url(patient):
    return reverse("hub:portal_link_send", kwargs={"patient_id": patient.pk})


def test_only_the_clinical_team_can_send_a_portal_link(client_for, programme):
    patient = texting_patient(programme)
    check_roles(client_for, _url(patient), [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER],
                method="post")


def test_a_nurse_texts_a_link_that_opens_the_patients_own_page(client_for, programme):
    patient = texting_patient(programme)
    client = client_for(Role.NURSE)
    record = client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
    assert _url(patient) in record
    response = client.post(_url(patient))
    assert response.status_code == 302
    text = OutboundMessage.objects.get(patient=patient, purpose="portal_link")
    assert "/p/" in text.body and "date of birth" in text.body
    assert patient.family_name not in text.body and "mg" not in text.body
    link = AccessLink.objects.get(patient=patient, purpose="portal")
    assert link.expires_at > link.created_at
    assert TimelineEntry.objects.filter(patient=patient, kind="portal_link").count() == 1


def test_no_link_is_made_for_a_patient_who_cannot_be_texted(client_for, programme):
    patient = PatientFactory(programme=programme)  # no consent to texts
    response = client_for(Role.NURSE).post(_url(patient), follow=True)
    assert "No link was sent" in response.content.decode()
    assert not AccessLink.objects.filter(patient=patient).exists()
    assert not OutboundMessage.objects.filter(patient=patient).exists()


def test_accepting_a_referral_sends_a_welcome_text_with_the_portal_link(make_user, programme):
    referral = ReferralFactory(programme=programme, consent_texts=True, mobile="+447700900123")
    referral_services.referral_accept(referral=referral, actor=make_user(Role.COORDINATOR))
    referral.refresh_from_db()
    welcome = OutboundMessage.objects.get(patient=referral.patient, purpose="portal_link")
    assert "accepted your referral" in welcome.body and "/p/" in welcome.body
    assert AccessLink.objects.filter(patient=referral.patient, purpose="portal").count() == 1


def test_no_welcome_text_without_consent_to_texts(make_user, programme):
    referral = ReferralFactory(programme=programme, consent_texts=False)
    referral_services.referral_accept(referral=referral, actor=make_user(Role.COORDINATOR))
    referral.refresh_from_db()
    assert not OutboundMessage.objects.filter(patient=referral.patient).exists()


def test_the_reason_is_specific_and_links_by_hand_stop_after_three_a_day(client_for, programme):
    client = client_for(Role.NURSE)
    no_mobile = texting_patient(programme, mobile="")
    assert "has no mobile number" in client.post(_url(no_mobile), follow=True).content.decode()
    no_consent = PatientFactory(programme=programme)
    assert "has not agreed to texts" in client.post(_url(no_consent), follow=True).content.decode()
    patient = texting_patient(programme)
    for _ in range(3):
        assert "will be sent" in client.post(_url(patient), follow=True).content.decode()
    refused = client.post(_url(patient), follow=True).content.decode()
    assert "3 links to their own page have been texted in the last 24 hours" in refused
    assert OutboundMessage.objects.filter(patient=patient, purpose="portal_link").count() == 3
    assert AccessLink.objects.filter(patient=patient, purpose="portal").count() == 3
