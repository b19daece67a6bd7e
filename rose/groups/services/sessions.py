"""Group sessions: move or cancel one, record its register, queue the day-before reminders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.groups import integrations, selectors
from rose.groups.models import COUNTS_AS_ATTENDED, Attendance, AttendanceStatus, GroupSession, SessionStatus
from rose.groups.presenters import session_when
from rose.groups.scheduling import LONDON
from rose.groups.services.cohorts import _refresh_last_session_date
from rose.patients.services import timeline_add

if TYPE_CHECKING:
    from rose.accounts.models import User


def _notify_enrolled(*, session: GroupSession, purpose: str, body: str) -> int:
    sent = 0
    for enrolment in selectors.enrolled(cohort=session.cohort):
        integrations.message_cancel_for(related=enrolment, purpose="group_reminder")
        if integrations.message_schedule(patient=enrolment.patient, purpose=purpose, body=body, related=session):
            sent += 1
    return sent


@transaction.atomic
def session_move(*, session: GroupSession, actor: User, starts_at: dt.datetime, reason: str = "") -> GroupSession:
    cohort = session.cohort
    if starts_at.astimezone(LONDON).date() < cohort.start_date:
        raise ValidationError({"date": f"A session cannot be before the cohort starts on "
                                       f"{cohort.start_date.day} {cohort.start_date:%B %Y}"})
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError("Only a scheduled session can be moved")
    old = session.starts_at
    session.starts_at = starts_at
    session.reminders_queued_at = None
    session.save(update_fields=["starts_at", "reminders_queued_at", "updated_at"])
    _refresh_last_session_date(cohort)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=session,
              detail={"moved_from": old.isoformat(), "moved_to": starts_at.isoformat()})
    if starts_at > timezone.now():
        _notify_enrolled(session=session, purpose="group_session_moved",
                         body=f"ROSE: your group session \"{session.topic}\" has moved to {session_when(session)}.")
    return session


@transaction.atomic
def session_cancel(*, session: GroupSession, actor: User, reason: str = "") -> GroupSession:
    if session.status == SessionStatus.CANCELLED:
        return session
    session.status = SessionStatus.CANCELLED
    if reason:
        session.facilitator_notes = (f"Cancelled: {reason}\n" + session.facilitator_notes)[:3000]
    session.save(update_fields=["status", "facilitator_notes", "updated_at"])
    _refresh_last_session_date(session.cohort)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=session, detail={"status": "cancelled"})
    if session.starts_at > timezone.now():
        _notify_enrolled(session=session, purpose="group_session_cancelled",
                         body=f"ROSE: your group session \"{session.topic}\" on {session_when(session)} is "
                              "cancelled. We are sorry. The team will be in touch.")
    return session


# ---------------------------------------------------------------- registers


@transaction.atomic
def register_record(*, session: GroupSession, actor: User, took_place: bool, statuses: dict[str, str],
                    notes: str = "") -> GroupSession:
    """Save a session's register: whether it ran, each patient's attendance, facilitator notes."""
    session = GroupSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
    if session.starts_at.astimezone(LONDON).date() > timezone.localdate():
        raise ValidationError("A register can only be recorded on or after the day of the session")
    session.status = SessionStatus.TOOK_PLACE if took_place else SessionStatus.CANCELLED
    session.facilitator_notes = notes
    session.save(update_fields=["status", "facilitator_notes", "updated_at"])
    existing = {str(row.enrolment_id): row for row in session.attendance.all()}
    changed: list[Attendance] = []
    for enrolment in selectors.enrolled(cohort=session.cohort):
        status = statuses.get(str(enrolment.pk), AttendanceStatus.NOT_RECORDED) if took_place \
            else AttendanceStatus.NOT_RECORDED
        row = existing.get(str(enrolment.pk))
        if row is not None and row.status == status:
            continue
        if row is None:
            row = Attendance(session=session, enrolment=enrolment)
        row.status = status
        row.recorded_by = actor
        row.save()
        changed.append(row)
        if status != AttendanceStatus.NOT_RECORDED:
            timeline_add(patient=enrolment.patient, kind="group_attendance", actor=actor, source=session,
                         at=session.starts_at,
                         summary=f"Group session {session.position} ({session.topic}): "
                                 f"{AttendanceStatus(status).label.lower()}")
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=row, patient=enrolment.patient,
                  detail={"attendance": status, "session": str(session.pk)})
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=session,
              detail={"register": session.status, "changed": len(changed)})
    return session


def attended_count(*, statuses: list[str]) -> int:
    return sum(1 for status in statuses if status in COUNTS_AS_ATTENDED)


# ---------------------------------------------------------------- reminders


def reminders_queue_due(*, now: dt.datetime | None = None) -> int:
    """Periodic: queue a reminder 24 hours before each session, once per session. A moved
    session has its marker cleared, so the new time is reminded too."""
    now = now or timezone.now()
    queued = 0
    for session in selectors.sessions_needing_reminders(now=now):
        with transaction.atomic():
            for enrolment in selectors.enrolled(cohort=session.cohort):
                if integrations.message_schedule(
                        patient=enrolment.patient, purpose="group_reminder", related=enrolment,
                        due_at=max(now, session.starts_at - dt.timedelta(hours=24)),
                        body=f"ROSE: a reminder of your group session \"{session.topic}\" on "
                             f"{session_when(session)}. Reply if you cannot come."):
                    queued += 1
            GroupSession.objects.filter(pk=session.pk).update(reminders_queued_at=now)
    return queued
