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
