"""Tasks: due times, an outcome note required to close an urgent one, assignment, linked closing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.patients.models import Task, TimelineEntry
from rose.patients.services import task_assign, task_complete, task_create
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]
WEDNESDAY_4PM = dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)  # GMT: London time too
FRIDAY_10AM = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def test_an_urgent_task_is_due_after_the_escalation_time_of_working_hours(programme, settings):
    settings.ROSE_SMS_ESCALATE_AFTER_MINUTES = 90
    with time_machine.travel(WEDNESDAY_4PM, tick=False):
        task = task_create(patient=PatientFactory(programme=programme), kind="phq9", title="PHQ-9", priority="urgent")
    # 60 minutes today until 17:00, the other 30 from 09:00 on Thursday.
    assert task.due_at == dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


def test_a_routine_task_is_due_by_the_end_of_the_next_working_day(programme):
    with time_machine.travel(FRIDAY_10AM, tick=False):
        task = task_create(patient=PatientFactory(programme=programme), kind="callback", title="Call back")
    assert task.due_at == dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)  # Monday


def test_closing_an_urgent_task_needs_a_note_which_is_kept_on_the_timeline(client_for, programme):
    patient = PatientFactory(programme=programme)
    task = task_create(patient=patient, kind="outcome_alert_phq9_item9", priority="urgent",
                       title="PHQ-9: thoughts of self-harm")
    client = client_for(Role.NURSE)
    url = reverse("patients:task_complete", kwargs={"task_id": task.pk})
    form = client.get(url)
    assert form.status_code == 200 and "What was done" in form.content.decode()

    refused = client.post(url, {"outcome": "   "})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "There is a problem" in page and "Enter what was done: this is an urgent task" in page
    too_long = client.post(url, {"outcome": "Rang him. " * 120})
    assert too_long.status_code == 400 and "Rang him. Rang him." in too_long.content.decode()  # input kept
    task.refresh_from_db()
    assert task.status == "open"

    assert client.post(url, {"outcome": "Rang him at 11:00; safe, GP told"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.done_by == client.user
    assert task.outcome_note == "Rang him at 11:00; safe, GP told"
    entry = TimelineEntry.objects.get(patient=patient, kind="task_done")
    assert "What was done: Rang him at 11:00; safe, GP told" in entry.summary
    record = client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
    assert "Rang him at 11:00; safe, GP told" in record
    event = AuditEvent.objects.filter(object_id=str(task.pk), detail__task="done").get()
    assert event.detail["outcome_note"] is True


def test_the_service_refuses_to_close_an_urgent_task_without_a_note(programme, make_user):
    task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Urgent", priority="urgent")
    with pytest.raises(ValidationError):
        task_complete(task=task, actor=make_user(Role.NURSE), outcome=" ")
    task.refresh_from_db()
    assert task.status == "open"


def test_a_routine_task_still_closes_with_one_click(client_for, programme):
    task = task_create(patient=PatientFactory(programme=programme), kind="callback", title="Call back")
    client = client_for(Role.NURSE)
    assert client.post(reverse("patients:task_complete", kwargs={"task_id": task.pk})).status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.outcome_note == ""


def test_closing_twice_writes_one_timeline_line(client_for, programme):
    patient = PatientFactory(programme=programme)
    task = task_create(patient=patient, kind="callback", title="Call back")
    client = client_for(Role.NURSE)
    url = reverse("patients:task_complete", kwargs={"task_id": task.pk})
    client.post(url)
    again = client.post(url)
    assert again.status_code == 302
    assert TimelineEntry.objects.filter(patient=patient, kind="task_done").count() == 1


def test_only_the_clinical_team_opens_the_close_page(client_for, programme):
    task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Urgent", priority="urgent")
    check_roles(client_for, reverse("patients:task_complete", kwargs={"task_id": task.pk}), CLINICAL)


def test_another_programmes_task_cannot_be_closed(client_for, other_programme):
    task = task_create(patient=PatientFactory(programme=other_programme), kind="x", title="Review")
    client = client_for(Role.ADMIN)
    url = reverse("patients:task_complete", kwargs={"task_id": task.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "done"}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_closing_a_task_closes_the_escalation_raised_about_it(programme, make_user):
    nurse = make_user(Role.NURSE)
    patient = PatientFactory(programme=programme)
    task = task_create(patient=patient, kind="phq9", title="PHQ-9", priority="urgent")
    escalation = task_create(patient=patient, kind="escalation", title="Second person", priority="urgent", source=task)
    task_complete(task=task, actor=nurse, outcome="Rang her")
    escalation.refresh_from_db()
    assert escalation.status == "done" and escalation.outcome_note == "Rang her"
    assert TimelineEntry.objects.filter(patient=patient, kind="task_done").count() == 2


def test_assignment_stays_in_the_programme_and_is_audited(programme, other_programme, make_user):
    nurse = make_user(Role.NURSE)
    outsider = make_user(Role.NURSE, programme=other_programme)
    task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Review")
    with pytest.raises(ValidationError):
        task_assign(task=task, assignee=outsider, actor=nurse)
    task_assign(task=task, assignee=nurse, actor=nurse)
    assert Task.objects.get(pk=task.pk).assigned_to == nurse
    assert AuditEvent.objects.filter(object_id=str(task.pk), detail__assigned_to=str(nurse.pk)).exists()
