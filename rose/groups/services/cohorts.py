"""Cohorts: create one from a course, change it, move or cancel it before it starts (telling everyone once)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core import presenters
from rose.groups import integrations
from rose.groups.models import Cohort, CohortStatus, Course, EnrolmentStatus, GroupSession, SessionStatus
from rose.groups.scheduling import LONDON, local_datetime, weekly_dates
from rose.groups.services.enrolments import _back_to_waitlist, _transition
from rose.patients.services import timeline_add

if TYPE_CHECKING:
    from rose.accounts.models import Programme, User

COHORT_FIELDS = ("name", "start_date", "start_time", "venue_address", "accessibility_notes", "online_link",
                 "capacity", "nurse", "peer")



def _check_facilitators(*, nurse: User | None, peer: User | None, programme: Programme) -> None:
    errors = {}
    if nurse is not None and (nurse.role != Role.NURSE or nurse.programme_id != programme.pk):
        errors["nurse"] = "The specialist nurse must be a member of staff with the specialist nurse role"
    if peer is not None and (peer.role != Role.PEER or peer.programme_id != programme.pk):
        errors["peer"] = "The expert service user must be a member of staff with the expert service user role"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(*, actor: User | None, programme: Programme, course: Course, **fields: Any) -> Cohort:
    if course.programme_id != programme.pk:
        raise ValidationError({"course": "Choose a course from your programme"})
    values = {name: fields[name] for name in COHORT_FIELDS if name in fields}
    _check_facilitators(nurse=values.get("nurse"), peer=values.get("peer"), programme=programme)
    cohort = Cohort.objects.create(programme=programme, course=course, **values)
    templates = list(course.sessions.order_by("position"))
    dates = weekly_dates(cohort.start_date, len(templates))
    GroupSession.objects.bulk_create([
        GroupSession(cohort=cohort, position=template.position, topic=template.topic,
                     learning_url=template.learning_url, duration_minutes=template.duration_minutes,
                     starts_at=local_datetime(day, cohort.start_time))
        for template, day in zip(templates, dates, strict=True)])
    cohort.last_session_date = dates[-1] if dates else cohort.start_date
    cohort.save(update_fields=["last_session_date", "updated_at"])
    audit_log(action=AuditAction.CREATE, actor=actor, obj=cohort, detail={"sessions": len(dates)})
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, actor: User, **fields: Any) -> Cohort:
    """Change venue, capacity or facilitators. Dates change session by session (session_move)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    changed = [name for name in COHORT_FIELDS if name in fields and name not in ("start_date", "start_time")
               and getattr(cohort, name) != fields[name]]
    if "capacity" in changed:
        taken = cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        if fields["capacity"] < taken:
            raise ValidationError({"capacity": f"Capacity cannot be less than the {taken} patients already enrolled"})
    _check_facilitators(nurse=fields.get("nurse"), peer=fields.get("peer"), programme=cohort.programme)
    for name in changed:
        setattr(cohort, name, fields[name])
    if changed:
        cohort.save(update_fields=[*changed, "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=cohort, detail={"fields": changed})
    return cohort


def _cohort_not_started(cohort: Cohort, doing: str) -> None:
    if cohort.status != CohortStatus.PLANNED:
        raise ValidationError(f"A cancelled cohort cannot be {doing}")
    first = cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at").first()
    if first is not None and (first.starts_at <= timezone.now() or first.status != SessionStatus.SCHEDULED):
        raise ValidationError(f"A cohort can only be {doing} before its first session; "
                              "move or cancel the remaining sessions one by one instead")


def _text_open_places(*, cohort: Cohort, purpose: str, body: str) -> int:
    """One text to each patient holding or offered a place (consent and quiet hours apply in messaging)."""
    sent = 0
    for enrolment in cohort.enrolments.filter(status__in=(EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)) \
            .select_related("patient"):
        integrations.message_cancel_for(related=enrolment, purpose="group_reminder")
        if integrations.message_schedule(patient=enrolment.patient, purpose=purpose, body=body, related=enrolment):
            sent += 1
    return sent


@transaction.atomic
def cohort_reschedule(*, cohort: Cohort, actor: User, start_date: dt.date, start_time: dt.time,
                      reason: str = "") -> Cohort:
    """Move a whole cohort that has not started: its sessions keep their order a week apart from
    the new first date (bank holidays skipped), and everyone with a place is told once."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _cohort_not_started(cohort, "rescheduled")
    if start_date <= timezone.localdate():
        raise ValidationError({"start_date": "The new first session must be after today"})
    sessions = list(cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("position"))
    dates = weekly_dates(start_date, len(sessions))
    for session, day in zip(sessions, dates, strict=True):
        session.starts_at = local_datetime(day, start_time)
        session.reminders_queued_at = None
    GroupSession.objects.bulk_update(sessions, ["starts_at", "reminders_queued_at"])
    old_start = cohort.start_date
    cohort.start_date, cohort.start_time = start_date, start_time
    cohort.last_session_date = dates[-1] if dates else start_date
    cohort.save(update_fields=["start_date", "start_time", "last_session_date", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=cohort,
              detail={"rescheduled_from": old_start.isoformat(), "rescheduled_to": start_date.isoformat()})
    first = local_datetime(start_date, start_time)
    _text_open_places(cohort=cohort, purpose="group_cohort_moved",
                      body=f"ROSE: your group course now starts on {presenters.weekday_date(start_date)} "
                           f"{start_date.year} at {presenters.time(first.time())}, then weekly. "
                           "Reply to this text if you cannot come.")
    return cohort


@transaction.atomic
def cohort_cancel(*, cohort: Cohort, actor: User, reason: str) -> Cohort:
    """Cancel a cohort that has not started: every session is cancelled, everyone with or offered
    a place goes back to the waitlist and is told once."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the cohort is cancelled"})
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    _cohort_not_started(cohort, "cancelled")
    _text_open_places(cohort=cohort, purpose="group_cohort_cancelled",
                      body="ROSE: we are sorry, your group course has been cancelled. You are back on the "
                           "waiting list and the team will offer you another course.")
    for enrolment in cohort.enrolments.filter(status__in=(EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)) \
            .select_related("patient"):
        _transition(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, via="staff", reason="Cohort cancelled")
        _back_to_waitlist(enrolment, actor=actor, reason="Group course cancelled")
        timeline_add(patient=enrolment.patient, kind="group_withdrawn",
                     summary=f"{cohort.name} was cancelled; back on the waiting list", actor=actor, source=enrolment)
    cohort.sessions.filter(status=SessionStatus.SCHEDULED).update(status=SessionStatus.CANCELLED,
                                                                  updated_at=timezone.now())
    cohort.status = CohortStatus.CANCELLED
    cohort.save(update_fields=["status", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=cohort, detail={"status": "cancelled"})
    return cohort


def _refresh_last_session_date(cohort: Cohort) -> None:
    last = cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("-starts_at").first()
    cohort.last_session_date = last.starts_at.astimezone(LONDON).date() if last else cohort.start_date
    cohort.save(update_fields=["last_session_date", "updated_at"])
