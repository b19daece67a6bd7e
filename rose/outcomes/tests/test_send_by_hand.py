"""Issue 15: staff text a patient a questionnaire link by hand from the outcomes page: clinical roles
only, their own programme only, audited, refused with the reason for a patient who cannot be texted or
is discharged, and limited to BY_HAND_PER_DAY links in 24 hours."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.messaging.models import OutboundMessage
from rose.messaging.tests.factories import texting_patient
from rose.outcomes import send_by_hand
from rose.outcomes.models import Invitation
from rose.outcomes.tests.factories import event, invite
from rose.patients.models import AccessLink, PatientStatus, TimelineEntry
from rose.patients.services import consent_record
from rose.plans.tests.factories import draft_plan
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]


def url(patient):
    return reverse("outcomes:send_link", kwargs={"patient_id": patient.pk})


def by_hand(patient):
    return OutboundMessage.objects.filter(patient=patient, purpose=send_by_hand.BY_HAND_PURPOSE)


def test_only_the_clinical_team_can_open_or_send(client_for, programme):
    patient = texting_patient(programme)
    invitation = invite(patient, send=False)
    check_roles(client_for, url(patient), CLINICAL)
    check_roles(client_for, url(patient), CLINICAL, method="post", data={"event": str(invitation.event_id)})
    # one text per allowed role until the daily limit, none for the refused roles
    assert by_hand(patient).count() == min(len(CLINICAL), send_by_hand.BY_HAND_PER_DAY)


def test_another_programmes_patient_is_not_found(client_for, other_programme):
    patient = texting_patient(other_programme)
    invitation = invite(patient, send=False)
    nurse = client_for(Role.NURSE)
    assert nurse.get(url(patient)).status_code == 404
    assert nurse.post(url(patient), {"event": str(invitation.event_id)}).status_code == 404
    assert not by_hand(patient).exists()


def test_a_nurse_sends_a_fresh_link_to_open_questionnaires_and_it_is_audited(client_for, programme):
    patient = texting_patient(programme)
    invitation = invite(patient, send=False)
    nurse = client_for(Role.NURSE)
    page = nurse.get(url(patient)).content.decode()
    assert "Baseline" in page and "not sent yet" not in page and "already sent" in page
    assert AuditEvent.objects.filter(patient_id=patient.pk, detail__page="send_link").exists()
    response = nurse.post(url(patient), {"event": str(invitation.event_id)})
    assert response.status_code == 302
    [text] = by_hand(patient)
    assert "/p/" in text.body and patient.family_name not in text.body
    assert AccessLink.objects.filter(patient=patient, purpose="questionnaire", target=str(invitation.pk)).exists()
    assert AuditEvent.objects.filter(patient_id=patient.pk, detail__link="sent by hand").count() == 1
    assert TimelineEntry.objects.filter(patient=patient, summary__contains="sent again by hand").exists()


def test_a_one_to_one_baseline_not_yet_reached_by_the_hourly_job_can_be_sent(client_for, programme):
    patient = texting_patient(programme)
    draft_plan(patient, start=timezone.localdate() + dt.timedelta(days=10))
    nurse = client_for(Role.NURSE)
    # the programme has no schedule yet (the hourly job has never run for it): the page makes it
    assert "Baseline (one-to-one)" in nurse.get(url(patient)).content.decode()
    baseline = event(programme, "baseline_one_to_one")
    assert nurse.post(url(patient), {"event": str(baseline.pk)}).status_code == 302
    invitation = Invitation.objects.get(patient=patient)
    assert invitation.event == baseline and invitation.invited_at is not None
    assert by_hand(patient).count() == 1


def test_an_event_that_is_not_open_is_refused(client_for, programme):
    patient = texting_patient(programme)
    invite(patient, send=False)
    response = client_for(Role.NURSE).post(url(patient), {"event": str(event(programme, "month_12").pk)})
    assert response.status_code == 200 and "Select one of the questionnaires listed" in response.content.decode()
    assert not by_hand(patient).exists()


def test_no_link_without_consent_to_texts(client_for, programme):
    patient = texting_patient(programme)
    invitation = invite(patient, send=False)
    consent_record(patient=patient, kind="texts", given=False, source="staff")
    nurse = client_for(Role.NURSE)
    assert "has not agreed to texts" in nurse.get(url(patient)).content.decode()
    response = nurse.post(url(patient), {"event": str(invitation.event_id)})
    assert response.status_code == 200 and "has not agreed to texts" in response.content.decode()
    assert not OutboundMessage.objects.filter(patient=patient).exists()


def test_no_link_for_a_discharged_patient(programme, make_user):
    patient = texting_patient(programme)
    invitation = invite(patient, send=False)
    patient.status = PatientStatus.DISCHARGED
    patient.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="has been discharged"):
        send_by_hand.questionnaire_link_send(patient=patient, event=invitation.event, actor=make_user(Role.NURSE))
    assert not by_hand(patient).exists()


def test_at_most_three_links_by_hand_in_24_hours(client_for, programme):
    patient = texting_patient(programme)
    invitation = invite(patient, send=False)
    nurse = client_for(Role.NURSE)
    for _ in range(send_by_hand.BY_HAND_PER_DAY):
        assert nurse.post(url(patient), {"event": str(invitation.event_id)}).status_code == 302
    refused = nurse.post(url(patient), {"event": str(invitation.event_id)})
    assert refused.status_code == 200 and "in the last 24 hours" in refused.content.decode()
    assert by_hand(patient).count() == send_by_hand.BY_HAND_PER_DAY
    by_hand(patient).update(created_at=timezone.now() - dt.timedelta(hours=25))  # a day later: allowed again
    assert nurse.post(url(patient), {"event": str(invitation.event_id)}).status_code == 302


def test_the_patient_record_and_outcomes_page_link_to_it(client_for, programme):
    patient = texting_patient(programme)
    nurse = client_for(Role.NURSE)
    assert url(patient) in nurse.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
    assert url(patient) in nurse.get(reverse("outcomes:patient", kwargs={"patient_id": patient.pk})).content.decode()
    assert url(patient) not in client_for(Role.PEER).get(
        reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
