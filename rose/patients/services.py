"""Writes to the patient record. Each one validates, saves in a transaction and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core.working_time import due_at
from rose.patients import hooks
from rose.patients.models import Consent, Patient, PatientStatus, TimelineEntry

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from rose.accounts.models import Programme, User
    from rose.patients.models import Task

PATIENT_FIELDS = ("nhs_number", "given_name", "family_name", "preferred_name", "date_of_birth", "mobile",
                  "email", "address", "postcode", "gp_practice", "communication_needs", "contact_from",
                  "contact_until")


def patient_create(*, actor: User | None, programme: Programme, request: HttpRequest | None = None,
                   **fields: object) -> Patient:
    patient = Patient(programme=programme, **{k: v for k, v in fields.items() if k in PATIENT_FIELDS})
    patient.set_search_keys()
    try:
        with transaction.atomic():
            patient.save()
            timeline_add(patient=patient, kind="patient_created", summary="Patient record created", actor=actor)
            audit_log(action=AuditAction.CREATE, actor=actor, obj=patient, patient=patient, request=request)
    except IntegrityError as exc:
        raise ValidationError({"nhs_number": "A patient with this NHS number is already on the system"}) from exc
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, actor: User | None, request: HttpRequest | None = None,
                   **fields: object) -> Patient:
    changed = [name for name in PATIENT_FIELDS if name in fields and getattr(patient, name) != fields[name]]
    for name in changed:
        setattr(patient, name, fields[name])
    if not changed:
        return patient
    patient.set_search_keys()
    patient.save(update_fields=[*changed, "family_key", "given_key", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=patient, patient=patient, request=request,
              detail={"fields": changed})
    timeline_add(patient=patient, kind="patient_updated", summary="Details updated", actor=actor)
    return patient


@transaction.atomic
def patient_set_status(*, patient: Patient, status: str, actor: User | None, reason: str = "",
                       request: HttpRequest | None = None) -> Patient:
    """Discharge or record a death. Messaging cancels future texts when this happens."""
    patient.status = PatientStatus(status)
    patient.save(update_fields=["status", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=patient, patient=patient, request=request,
              detail={"status": status})
    summary = f"Status changed to {patient.get_status_display()}" + (f": {reason}" if reason else "")
    timeline_add(patient=patient, kind="status", summary=summary, actor=actor)
    # In this transaction: texts and questionnaires are cancelled with the status change, never after.
    hooks.status_changed.run(patient_id=patient.pk, status=status)
    return patient


@transaction.atomic
def consent_record(*, patient: Patient, kind: str, given: bool, source: str, actor: User | None = None,
                   note: str = "") -> Consent:
    consent = Consent.objects.create(patient=patient, kind=kind, given=given, source=source,
                                     recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                                     note=note)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=consent, patient=patient,
              actor_label=None if actor else "system", detail={"consent": kind, "given": given})
    label = Consent.Kind(kind).label.lower()
    timeline_add(patient=patient, kind="consent",
                 summary=f"Consent to {label} {'given' if given else 'withdrawn'}", actor=actor)
    hooks.consent_changed.run(patient=patient, kind=kind, given=given)
    return consent


def timeline_add(*, patient: Patient | uuid.UUID, kind: str, summary: str, actor: User | None = None,
                 at: dt.datetime | None = None, source: Model | None = None) -> TimelineEntry:
    return TimelineEntry.objects.create(
        patient_id=getattr(patient, "pk", patient), kind=kind, summary=summary[:300],
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source_type=source._meta.label if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
    )


URGENT_NOTE_REQUIRED = "Enter what was done: this is an urgent task"


@transaction.atomic
def task_complete(*, task: Task, actor: User | None, request: HttpRequest | None = None, outcome: str = "") -> Task:
    """Close a task. An urgent task needs `outcome`, what was done (who was contacted, the result);
    it is kept on the task and shown on the patient's timeline. Closing twice changes nothing. The
    escalation tasks raised about this task, and the task an escalation is about, close with it."""
    from rose.patients.models import Task

    outcome = (outcome or "").strip()[:1000]
    if task.priority == Task.Priority.URGENT and not outcome:
        raise ValidationError({"outcome": URGENT_NOTE_REQUIRED})
    if not Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(
            status=Task.Status.DONE, done_by=actor, done_at=timezone.now(), outcome_note=outcome,
            updated_at=timezone.now()):
        return task  # already closed (by a colleague, or with the item it is linked to)
    task.refresh_from_db()
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=task, patient=task.patient_id, request=request,
              detail={"task": "done", "outcome_note": bool(outcome)})
    summary = f"Task done: {task.title}" + (f". What was done: {outcome}" if outcome else "")
    timeline_add(patient=task.patient_id, kind="task_done", summary=_clip(summary), actor=actor, source=task)
    for linked in _linked_open_tasks(task):
        task_complete(task=linked, actor=actor, request=request, outcome=outcome or f"Closed with: {task.title}")
    hooks.task_done.run(task=task, actor=actor, outcome=outcome, request=request)
    return task


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _linked_open_tasks(task: Task) -> list[Task]:
    from rose.patients.models import Task

    label = Task._meta.label
    linked = Q(kind="escalation", source_type=label, source_id=str(task.pk))
    if task.kind == "escalation" and task.source_type == label and task.source_id:
        linked |= Q(pk=task.source_id)
    return list(Task.objects.filter(linked, programme_id=task.programme_id, status=Task.Status.OPEN))


@transaction.atomic
def task_assign(*, task: Task, assignee: User | None, actor: User | None,
                request: HttpRequest | None = None) -> Task:
    """Give a task to a member of the team (or to nobody). The caller checks the assignee is one of
    the programme's clinical team; this refuses anyone from another programme."""
    if assignee is not None and assignee.programme_id != task.programme_id:
        raise ValidationError({"assignee": "Choose a member of the team from the list"})
    task.assigned_to = assignee
    task.save(update_fields=["assigned_to", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=task, patient=task.patient_id, request=request,
              detail={"assigned_to": str(assignee.pk) if assignee else None})
    return task


def task_create(*, patient: Patient, kind: str, title: str, priority: str = "normal", source: Model | None = None,
                actor: User | None = None) -> Task:
    """Raise a task for the clinical team (the worklist, the task list and the patient's timeline).
    It is due after the escalation time of working time if urgent, else by the end of the next
    working day (rose.core.working_time)."""
    from rose.patients.models import Task

    now = timezone.now()
    task = Task.objects.create(
        patient=patient, programme_id=patient.programme_id, kind=kind, title=title[:200], priority=priority,
        due_at=due_at(urgent=priority == Task.Priority.URGENT, since=now),
        source_type=source._meta.label if source is not None else "",
        source_id=str(source.pk) if source is not None else "")
    timeline_add(patient=patient, kind="task", summary=f"{'Urgent task' if priority == 'urgent' else 'Task'}: {title}",
                 actor=actor, source=task)
    return task
