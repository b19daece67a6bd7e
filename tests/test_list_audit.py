"""Issue 12, item 5: list pages recorded how many patients they showed, not which. "Who saw this patient"
must find a search result or a task list that showed them."""

from __future__ import annotations

from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditAction, AuditEvent
from rose.patients.models import Task
from rose.patients.tests.factories import PatientFactory


def test_a_search_result_page_records_the_patients_it_showed(client_for, programme):
    shown = PatientFactory(programme=programme, family_name="Quimby")
    PatientFactory(programme=programme, family_name="Other")
    client = client_for(Role.NURSE)
    client.post(reverse("patients:list"), {"q": "Quimby"})
    assert client.get(reverse("patients:list")).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("at")
    assert event.detail["patient_ids"] == [str(shown.pk)]


def test_the_task_list_records_the_patients_it_showed(client_for, programme):
    patient = PatientFactory(programme=programme)
    Task.objects.create(patient=patient, programme=programme, kind="callback", title="Call back")
    client = client_for(Role.NURSE)
    assert client.get(reverse("patients:tasks")).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, path_name="patients:tasks").latest("at")
    assert event.detail["patient_ids"] == [str(patient.pk)]


def _shown(path_name: str) -> list[str]:
    return AuditEvent.objects.filter(path_name=path_name).latest("at").detail["patient_ids"]


def test_the_referral_queue_records_the_referrals_and_patients_it_showed(client_for, programme):
    from rose.referrals.tests.factories import ReferralFactory

    patient = PatientFactory(programme=programme)
    linked = ReferralFactory(programme=programme, patient=patient)
    unlinked = ReferralFactory(programme=programme)
    assert client_for(Role.NURSE).get(reverse("referrals:queue")).status_code == 200
    event = AuditEvent.objects.filter(path_name="referrals:queue").latest("at")
    assert event.detail["patient_ids"] == [str(patient.pk)]
    assert set(event.detail["referral_ids"]) == {str(linked.pk), str(unlinked.pk)}


def test_the_waitlist_and_clinic_pages_record_the_waiting_patients(client_for, programme):
    from rose.groups.tests.factories import make_waiting

    entry = make_waiting(programme)
    client = client_for(Role.COORDINATOR)
    assert client.get(reverse("referrals:waitlist")).status_code == 200
    assert _shown("referrals:waitlist") == [str(entry.patient_id)]
    assert client.get(reverse("plans:clinics")).status_code == 200
    assert _shown("plans:clinics") == [str(entry.patient_id)]


def test_a_cohort_page_and_its_session_register_record_the_enrolled_patients(client_for, programme):
    from rose.groups.tests.factories import make_cohort, make_enrolled

    cohort = make_cohort(programme)
    enrolled = {str(e.patient_id) for e in make_enrolled(cohort, 2)}
    client = client_for(Role.NURSE)
    assert client.get(reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})).status_code == 200
    assert set(_shown("groups:cohort_detail")) == enrolled
    session = cohort.sessions.order_by("starts_at").first()
    assert client.get(reverse("groups:session_register", kwargs={"session_id": session.pk})).status_code == 200
    assert set(_shown("groups:session_register")) == enrolled


def test_the_inbox_records_the_patients_whose_conversations_it_showed(client_for, programme):
    from django.utils import timezone

    from rose.messaging.models import Conversation

    patient = PatientFactory(programme=programme)
    Conversation.objects.create(programme=programme, patient=patient, last_activity_at=timezone.now())
    assert client_for(Role.NURSE).get(reverse("messaging:inbox")).status_code == 200
    assert _shown("messaging:inbox") == [str(patient.pk)]
