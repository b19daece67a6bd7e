"""Writes for the group programme. Each one validates, saves in a transaction and is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core import presenters
from rose.core.presenters import date as long_date
from rose.groups import integrations, selectors
from rose.groups.models import (
    COUNTS_AS_ATTENDED,
    ENROLMENT_TRANSITIONS,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortStatus,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    EnrolmentTransition,
    GroupSession,
    SessionStatus,
)
from rose.groups.presenters import session_when
from rose.groups.scheduling import LONDON, local_datetime, weekly_dates
from rose.patients.services import task_create, timeline_add

logger = logging.getLogger(__name__)

DEFAULT_COURSE_NAME = "ROSE six-week course"
DEFAULT_TOPICS = (
    ("Understanding pain", "understanding-pain"),
    ("Opioids and withdrawal", "opioids-and-withdrawal"),
    ("Pacing", "pacing"),
    ("Mindfulness and relaxation", "mindfulness-and-relaxation"),
    ("Graded activity", "graded-activity"),
    ("Sleep and flare-up planning", "sleep-and-flare-ups"),
)
COHORT_FIELDS = ("name", "start_date", "start_time", "venue_address", "accessibility_notes", "online_link",
                 "capacity", "nurse", "peer")


# ---------------------------------------------------------------- courses


@transaction.atomic
def course_default_for_programme(*, programme: Any) -> Course:
    """The default course (six weekly two-hour sessions), created the first time it is needed."""
    course, created = Course.objects.get_or_create(
        programme=programme, name=DEFAULT_COURSE_NAME,
        defaults={"description": "Six weekly two-hour group sessions", "completion_required": 4})
    if created:
        CourseSession.objects.bulk_create([
            CourseSession(course=course, position=index, topic=topic, duration_minutes=120,
                          learning_url=f"/learn/patients/{slug}/")
            for index, (topic, slug) in enumerate(DEFAULT_TOPICS, start=1)])
    return course


@transaction.atomic
def course_save(*, programme: Any, actor: Any, course: Course | None = None, name: str, description: str = "",
                completion_required: int, sessions: list[dict[str, Any]]) -> Course:
    """Create or change a course template. Its sessions are replaced in the order given. Cohorts
    already planned keep the sessions they were made with; only new cohorts use the change."""
    name = name.strip()
    if not sessions:
        raise ValidationError("A course needs at least one session")
    if not 1 <= completion_required <= len(sessions):
        raise ValidationError({"completion_required": f"A patient cannot need more sessions than the course has "
                                                      f"({len(sessions)})"})
    clash = Course.objects.filter(programme=programme, name__iexact=name)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a course called {name}"})
    created = course is None
    if course is None:
        course = Course(programme=programme)
    elif course.programme_id != programme.pk:
        raise ValidationError("Choose a course from your programme")
    course.name, course.description, course.completion_required = name, description.strip(), completion_required
    course.save()
    course.sessions.all().delete()
    CourseSession.objects.bulk_create([
        CourseSession(course=course, position=index, topic=row["topic"], duration_minutes=row["duration_minutes"],
                      learning_url=row.get("learning_url", ""))
        for index, row in enumerate(sessions, start=1)])
    audit_log(action=AuditAction.CREATE if created else AuditAction.UPDATE, actor=actor, obj=course,
              detail={"sessions": len(sessions), "completion_required": completion_required})
    return course


# ---------------------------------------------------------------- cohorts


def _check_facilitators(*, nurse: Any, peer: Any, programme: Any) -> None:
    errors = {}
    if nurse is not None and (nurse.role != Role.NURSE or nurse.programme_id != programme.pk):
        errors["nurse"] = "The specialist nurse must be a member of staff with the specialist nurse role"
    if peer is not None and (peer.role != Role.PEER or peer.programme_id != programme.pk):
        errors["peer"] = "The expert service user must be a member of staff with the expert service user role"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(*, actor: Any, programme: Any, course: Course, **fields: Any) -> Cohort:
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
def cohort_update(*, cohort: Cohort, actor: Any, **fields: Any) -> Cohort:
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
def cohort_reschedule(*, cohort: Cohort, actor: Any, start_date: dt.date, start_time: dt.time,
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
def cohort_cancel(*, cohort: Cohort, actor: Any, reason: str) -> Cohort:
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


# ---------------------------------------------------------------- sessions


def _notify_enrolled(*, session: GroupSession, purpose: str, body: str) -> int:
    sent = 0
    for enrolment in selectors.enrolled(cohort=session.cohort):
        integrations.message_cancel_for(related=enrolment, purpose="group_reminder")
        if integrations.message_schedule(patient=enrolment.patient, purpose=purpose, body=body, related=session):
            sent += 1
    return sent


@transaction.atomic
def session_move(*, session: GroupSession, actor: Any, starts_at: dt.datetime, reason: str = "") -> GroupSession:
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
def session_cancel(*, session: GroupSession, actor: Any, reason: str = "") -> GroupSession:
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


# ---------------------------------------------------------------- enrolment


def _transition(enrolment: Enrolment, to: str, *, actor: Any, via: str, reason: str = "") -> Enrolment:
    if to not in ENROLMENT_TRANSITIONS[enrolment.status or ""]:
        raise ValidationError(f"A place that is {enrolment.get_status_display().lower()} cannot change to "
                              f"{EnrolmentStatus(to).label.lower()}")
    previous = enrolment.status
    enrolment.status = to
    if enrolment._state.adding:
        enrolment.save()
    else:
        enrolment.save(update_fields=["status", "offered_at", "updated_at"])
    EnrolmentTransition.objects.create(
        enrolment=enrolment, from_status=previous or "", to_status=to, via=via, reason=reason[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None, at=timezone.now())
    audit_log(action=AuditAction.UPDATE if previous else AuditAction.CREATE, actor=actor, obj=enrolment,
              patient=enrolment.patient, actor_label=None if actor else "system",
              detail={"from": previous or "", "to": to, "via": via})
    return enrolment


def _entry_for(enrolment: Enrolment) -> Any:
    return selectors.waitlist_entry(entry_id=enrolment.waitlist_entry_id, programme_id=enrolment.cohort.programme_id)


def _check_can_offer(*, cohort: Cohort, patient: Any) -> None:
    if cohort.status != CohortStatus.PLANNED or cohort.start_date <= timezone.localdate():
        raise ValidationError("Places can only be offered before the course starts")
    if selectors.free_places(cohort=cohort) <= 0:
        raise ValidationError("This cohort is full")
    if cohort.enrolments.filter(patient=patient).exists():
        raise ValidationError("This patient has already been offered a place on this cohort")
    clash = selectors.active_enrolment_elsewhere(patient=patient, cohort=cohort)
    if clash is not None:
        raise ValidationError(f"This patient already has a place on another active cohort ({clash.cohort.name})")


@transaction.atomic
def enrolment_offer(*, cohort: Cohort, entry: Any, actor: Any = None) -> Enrolment:
    """Offer a waitlisted patient a place. The patient can reply YES or NO by text."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if entry.programme_id != cohort.programme_id or entry.status != "waiting":
        raise ValidationError("Only a patient who is waiting on this programme's waitlist can be offered a place")
    _check_can_offer(cohort=cohort, patient=entry.patient)
    enrolment = Enrolment(cohort=cohort, patient=entry.patient, waitlist_entry_id=entry.pk, status="",
                          offered_at=timezone.now())
    _transition(enrolment, EnrolmentStatus.OFFERED, actor=actor, via="staff" if actor else "system")
    integrations.waitlist_set_status(entry=entry, status="offered", actor=actor, reason="Offered a group place")
    timeline_add(patient=entry.patient, kind="group_offer", summary=f"Offered a place on {cohort.name}",
                 actor=actor, source=enrolment)
    first = cohort.sessions.order_by("starts_at").first()
    when = f" starting {session_when(first)}" if first else ""
    integrations.message_schedule(
        patient=entry.patient, purpose="group_offer", related=enrolment,
        body=f"ROSE: we can offer you a place on our group course{when}. Reply YES to take the place "
             f"or NO if you cannot come. Please reply by {long_date(offer_reply_by(enrolment))}.")
    return enrolment


def offer_reply_by(enrolment: Enrolment) -> dt.date:
    """The last day to answer an offer: `ROSE_GROUP_OFFER_DAYS` after it was made, and never later
    than the day before the course starts."""
    offered = timezone.localdate(enrolment.offered_at or timezone.now())
    return min(offered + dt.timedelta(days=settings.ROSE_GROUP_OFFER_DAYS),
               enrolment.cohort.start_date - dt.timedelta(days=1))


def offers_expire() -> int:
    """Hourly: an offer not answered by its reply-by date lapses. The patient goes back to the
    waitlist (keeping their place in the queue), the team gets a task to call them, any unsent
    offer text is cancelled, and the place is offered to the next person. One failure is logged
    and never stops the others."""
    today = timezone.localdate()
    lapsed = 0
    for enrolment_id in selectors.offers_past_reply_by(today=today, days=settings.ROSE_GROUP_OFFER_DAYS):
        try:
            lapsed += _offer_expire(enrolment_id=enrolment_id, today=today)
        except Exception:
            logger.exception("Could not lapse group offer %s", enrolment_id)
    return lapsed


@transaction.atomic
def _offer_expire(*, enrolment_id: Any, today: dt.date) -> int:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment_id)
    if enrolment.status != EnrolmentStatus.OFFERED or offer_reply_by(enrolment) >= today:
        return 0  # answered (or changed) since the list was read
    days = settings.ROSE_GROUP_OFFER_DAYS
    _transition(enrolment, EnrolmentStatus.EXPIRED, actor=None, via="system",
                reason=f"No answer by {long_date(offer_reply_by(enrolment))}")
    _back_to_waitlist(enrolment, actor=None, reason="A group offer lapsed with no answer")
    integrations.message_cancel_for(related=enrolment)
    timeline_add(patient=enrolment.patient, kind="group_offer_lapsed",
                 summary=f"The offer of a place on {enrolment.cohort.name} lapsed with no answer", source=enrolment)
    task_create(patient=enrolment.patient, kind="group_offer_lapsed", source=enrolment,
                title=f"Call about a group offer with no answer in {days} days ({enrolment.cohort.name})")
    _offer_freed_place(enrolment.cohort)
    return 1


@transaction.atomic
def enrolment_accept(*, enrolment: Enrolment, actor: Any = None, via: str = "staff") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.ENROLLED, actor=actor, via=via)
    integrations.message_cancel_for(related=enrolment, purpose="group_offer")  # the "Reply YES" text is stale
    entry = _entry_for(enrolment)
    if entry is not None:
        integrations.waitlist_set_status(entry=entry, status="enrolled", actor=actor, reason="Took a group place")
    timeline_add(patient=enrolment.patient, kind="group_enrolled", summary=f"Enrolled on {enrolment.cohort.name}",
                 actor=actor, source=enrolment)
    return enrolment


@transaction.atomic
def enrolment_decline(*, enrolment: Enrolment, actor: Any = None, via: str = "staff", reason: str = "") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.DECLINED, actor=actor, via=via, reason=reason)
    integrations.message_cancel_for(related=enrolment, purpose="group_offer")  # the "Reply YES" text is stale
    _back_to_waitlist(enrolment, actor=actor, reason="Declined a group place")
    timeline_add(patient=enrolment.patient, kind="group_declined",
                 summary=f"Declined a place on {enrolment.cohort.name}", actor=actor, source=enrolment)
    _offer_freed_place(enrolment.cohort)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor: Any, reason: str) -> Enrolment:
    """Withdraw with a reason: back to the waitlist; a place freed before the start is offered on."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the patient is withdrawing"})
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, via="staff", reason=reason)
    _back_to_waitlist(enrolment, actor=actor, reason="Withdrew from a group course")
    integrations.message_cancel_for(related=enrolment)
    timeline_add(patient=enrolment.patient, kind="group_withdrawn",
                 summary=f"Withdrew from {enrolment.cohort.name}", actor=actor, source=enrolment)
    _offer_freed_place(enrolment.cohort)
    return enrolment


def _back_to_waitlist(enrolment: Enrolment, *, actor: Any, reason: str) -> None:
    entry = _entry_for(enrolment)
    if entry is not None and entry.status != "waiting":
        integrations.waitlist_set_status(entry=entry, status="waiting", actor=actor, reason=reason)


def _offer_freed_place(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.PLANNED and cohort.start_date > timezone.localdate():
        cohort_fill_from_waitlist(cohort=cohort)


@transaction.atomic
def cohort_fill_from_waitlist(*, cohort: Cohort, actor: Any = None, limit: int | None = None) -> list[Enrolment]:
    """Offer every free place to the longest-waiting eligible patients, oldest first."""
    free = selectors.free_places(cohort=cohort)
    if limit is not None:
        free = min(free, limit)
    offers = []
    if free <= 0 or cohort.start_date <= timezone.localdate() or cohort.status != CohortStatus.PLANNED:
        return offers
    for entry in selectors.eligible_waitlist(cohort=cohort, limit=free):
        offers.append(enrolment_offer(cohort=cohort, entry=entry, actor=actor))
    return offers


def waitlist_promote_all() -> int:
    """Nightly: fill free places in every cohort that has not started yet. One cohort's failure is
    logged and never stops the others."""
    offered = 0
    for cohort in selectors.cohorts_with_free_places():
        try:
            offered += len(cohort_fill_from_waitlist(cohort=cohort))
        except Exception:
            logger.exception("Waitlist promotion failed for cohort %s", cohort.pk)
    return offered


# ---------------------------------------------------------------- text replies

YES_WORDS = {"YES", "Y", "YES PLEASE", "OK", "ACCEPT"}
NO_WORDS = {"NO", "N", "NO THANKS", "DECLINE"}


def handle_offer_reply(inbound: Any) -> bool:
    """messaging REPLY_HANDLERS hook: YES/NO to the patient's open offer. Anything else falls through."""
    patient = getattr(inbound, "patient", None)
    if patient is None:
        return False
    word = " ".join((inbound.body or "").upper().replace(".", " ").replace("!", " ").split())
    if word not in YES_WORDS | NO_WORDS:
        return False
    enrolment = selectors.open_offer_for_patient(patient=patient)
    if enrolment is None:
        return False
    if word in YES_WORDS:
        try:
            enrolment_accept(enrolment=enrolment, via="text")
        except ValidationError:
            return False
    else:
        enrolment_decline(enrolment=enrolment, via="text", reason="Replied NO by text")
    return True


# ---------------------------------------------------------------- registers


@transaction.atomic
def register_record(*, session: GroupSession, actor: Any, took_place: bool, statuses: dict[str, str],
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


# ---------------------------------------------------------------- calendar feeds


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: Any) -> tuple[CalendarFeed, str]:
    """A new secret feed for a facilitator. The token is shown once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    audit_log(action=AuditAction.CREATE, actor=user, obj=feed)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, actor: Any) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=feed, detail={"revoked": True})
    return feed
