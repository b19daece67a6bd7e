"""Reads for the group programme, each scoped to the user's programme; peers see only their cohorts."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from rose.accounts.roles import CLINICAL_TEAM, Role
from rose.groups.models import (
    COUNTS_AS_ATTENDED,
    OPEN_STATUSES,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortStatus,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    GroupSession,
    SessionStatus,
)
from rose.groups.scheduling import LONDON

if TYPE_CHECKING:

    from rose.accounts.models import User
    from rose.patients.models import Patient

# ---------------------------------------------------------------- contract


def upcoming_sessions_for_patient(*, patient: Patient, limit: int = 5) -> list[GroupSession]:
    """Sessions of cohorts the patient is enrolled in, soonest first (docs/app-interfaces.md)."""
    return list(
        GroupSession.objects.filter(
            cohort__enrolments__patient=patient, cohort__enrolments__status=EnrolmentStatus.ENROLLED,
            cohort__programme_id=patient.programme_id, cohort__status=CohortStatus.PLANNED,
            status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now(),
        ).select_related("cohort").order_by("starts_at")[:limit])


# ---------------------------------------------------------------- cohorts and sessions


def cohorts_for_user(*, user: User) -> QuerySet[Cohort]:
    """Clinical team: every cohort of the programme. Expert service users: the ones they facilitate."""
    if not getattr(user, "programme_id", None):
        return Cohort.objects.none()
    cohorts = Cohort.objects.filter(programme=user.programme_id)
    if user.role == Role.PEER:
        return cohorts.filter(peer=user)
    if user.role not in CLINICAL_TEAM:
        return Cohort.objects.none()
    return cohorts


def cohorts_for_reports(*, user: User) -> QuerySet[Cohort]:
    """Reports hold counts only, so evaluators see every cohort of their programme."""
    if not getattr(user, "programme_id", None) or user.role == Role.PEER:
        return cohorts_for_user(user=user)
    return Cohort.objects.filter(programme=user.programme_id)


def cohort_list(*, user: User) -> QuerySet[Cohort]:
    return cohorts_for_user(user=user).select_related("course", "nurse", "peer").annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        offered_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.OFFERED)),
    ).order_by("-start_date", "name")


def cohort_get_for_user(*, user: User, cohort_id: uuid.UUID | str) -> Cohort:
    try:
        return cohorts_for_user(user=user).select_related("course", "nurse", "peer", "programme").get(pk=cohort_id)
    except (Cohort.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such cohort") from exc


def session_get_for_user(*, user: User, session_id: uuid.UUID | str) -> GroupSession:
    try:
        return GroupSession.objects.select_related("cohort", "cohort__course", "cohort__nurse", "cohort__peer").get(
            pk=session_id, cohort__in=cohorts_for_user(user=user))
    except (GroupSession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such session") from exc


def enrolment_get_for_user(*, user: User, enrolment_id: uuid.UUID | str) -> Enrolment:
    try:
        return Enrolment.objects.select_related("cohort", "patient").get(
            pk=enrolment_id, cohort__in=cohorts_for_user(user=user))
    except (Enrolment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such place") from exc


def courses_for_user(*, user: User) -> QuerySet[Course]:
    return Course.objects.filter(programme=getattr(user, "programme_id", None)).order_by("name")


def course_list_for_user(*, user: User) -> list[Course]:
    """The programme's course templates with their session and cohort counts, in one query (counted
    in subqueries, so sessions and cohorts are not joined to each other)."""
    def count(model: type[CourseSession] | type[Cohort]) -> Subquery:
        rows = model.objects.filter(course=OuterRef("pk")).order_by().values("course")
        return Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())

    return list(courses_for_user(user=user).annotate(session_count=Coalesce(count(CourseSession), 0),
                                                     cohort_count=Coalesce(count(Cohort), 0)))


def course_get_for_user(*, user: User, course_id: uuid.UUID | str) -> Course:
    try:
        return courses_for_user(user=user).get(pk=course_id)
    except (Course.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such course") from exc


def course_sessions(*, course: Course) -> list[CourseSession]:
    return list(course.sessions.order_by("position"))


def sessions_for_cohort(*, cohort: Cohort) -> list[GroupSession]:
    return list(cohort.sessions.order_by("starts_at", "position"))


def enrolled(*, cohort: Cohort) -> QuerySet[Enrolment]:
    return cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("patient").order_by(
        "patient__given_name", "patient__family_name", "id")


def enrolments_for_cohort(*, cohort: Cohort) -> list[Enrolment]:
    return list(cohort.enrolments.select_related("patient").order_by("status", "created_at"))


def cohort_warnings(*, cohort: Cohort) -> list[str]:
    warnings = []
    if cohort.nurse_id is None:
        warnings.append("No specialist nurse is facilitating this cohort yet")
    if cohort.peer_id is None:
        warnings.append("No expert service user is facilitating this cohort yet")
    if not cohort.venue_address and not cohort.online_link:
        warnings.append("No venue or online link has been given yet")
    return warnings


def free_places(*, cohort: Cohort) -> int:
    taken = cohort.enrolments.filter(status__in=OPEN_STATUSES).count()
    return max(cohort.capacity - taken, 0)


def _active_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.filter(status=CohortStatus.PLANNED, last_session_date__gte=timezone.localdate())


def active_enrolment_elsewhere(*, patient: Patient, cohort: Cohort) -> Enrolment | None:
    return (Enrolment.objects.filter(patient=patient, status__in=OPEN_STATUSES, cohort__in=_active_cohorts())
            .exclude(cohort=cohort).select_related("cohort").first())


def offers_past_reply_by(*, today: dt.date, days: int, limit: int = 1000) -> list[Any]:
    """Ids of open offers whose reply-by day has passed: made more than `days` days ago, or on a
    cohort that has started (see services.offer_reply_by). Oldest first."""
    made_before = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(0), tzinfo=LONDON)
    return list(Enrolment.objects.filter(status=EnrolmentStatus.OFFERED)
                .filter(Q(offered_at__lt=made_before) | Q(cohort__start_date__lte=today))
                .order_by("offered_at").values_list("id", flat=True)[:limit])


def open_offer_for_patient(*, patient: Patient) -> Enrolment | None:
    return (Enrolment.objects.filter(patient=patient, status=EnrolmentStatus.OFFERED,
                                     cohort__start_date__gt=timezone.localdate())
            .select_related("cohort", "patient").order_by("-offered_at").first())


def cohorts_with_free_places() -> list[Cohort]:
    cohorts = Cohort.objects.filter(status=CohortStatus.PLANNED, start_date__gt=timezone.localdate()).annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=OPEN_STATUSES))).order_by("start_date")
    return [cohort for cohort in cohorts if cohort.taken < cohort.capacity]


def sessions_needing_reminders(*, now: dt.datetime) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(
        status=SessionStatus.SCHEDULED, reminders_queued_at__isnull=True, starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=25), cohort__status=CohortStatus.PLANNED,
    ).select_related("cohort")


# ---------------------------------------------------------------- the waitlist (referrals' table)


def _waitlist_model() -> Any:
    from rose.referrals.models import WaitlistEntry

    return WaitlistEntry


def waitlist_entry(*, entry_id: uuid.UUID | str | None, programme_id: uuid.UUID) -> Any:
    if entry_id is None:
        return None
    return _waitlist_model().objects.filter(pk=entry_id, programme_id=programme_id).select_related("patient").first()


def eligible_waitlist(*, cohort: Cohort, limit: int) -> list[Any]:
    """Longest-waiting patients who have no row on this cohort and no open place on another active one."""
    open_elsewhere = Enrolment.objects.filter(patient_id=OuterRef("patient_id"), status__in=OPEN_STATUSES,
                                              cohort__in=_active_cohorts())
    had_this_one = Enrolment.objects.filter(patient_id=OuterRef("patient_id"), cohort=cohort)
    return list(
        _waitlist_model().objects.filter(programme_id=cohort.programme_id, status="waiting",
                                         patient__status="active")
        .exclude(pathway="one_to_one")  # triage decided they need a one-to-one clinic only
        .filter(~Exists(open_elsewhere), ~Exists(had_this_one))
        .select_related("patient").order_by("added_at", "id")[:limit])


def waiting_for_user(*, user: User, cohort: Cohort, limit: int = 50) -> list[Any]:
    """The eligible waitlist shown on a cohort page, oldest first; empty outside the clinical team."""
    from rose.referrals.selectors import waitlist_for_user

    if not waitlist_for_user(user=user).exists():
        return []
    return eligible_waitlist(cohort=cohort, limit=limit)


def waitlist_entry_for_user(*, user: User, entry_id: uuid.UUID | str) -> Any:
    from rose.referrals.selectors import waitlist_entry_get_for_user

    return waitlist_entry_get_for_user(user=user, entry_id=entry_id)


# ---------------------------------------------------------------- registers


@dataclass
class RegisterRow:
    enrolment: Enrolment
    cells: list[str] = field(default_factory=list)
    attended: int = 0
    completed: bool = False


def register_matrix(*, cohort: Cohort, sessions: list[GroupSession]) -> list[RegisterRow]:
    """Patients down, sessions across, in three queries whatever the size of the cohort."""
    enrolments = list(cohort.enrolments.filter(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN))
                      .select_related("patient").order_by("patient__given_name", "patient__family_name", "id"))
    marks = {(row.enrolment_id, row.session_id): row.status
             for row in Attendance.objects.filter(session__cohort=cohort).only("enrolment_id", "session_id", "status")}
    rows = []
    for enrolment in enrolments:
        cells = [marks.get((enrolment.pk, session.pk), AttendanceStatus.NOT_RECORDED) for session in sessions]
        attended = sum(1 for cell in cells if cell in COUNTS_AS_ATTENDED)
        rows.append(RegisterRow(enrolment=enrolment, cells=cells, attended=attended,
                                completed=attended >= cohort.course.completion_required))
    return rows


def session_attendance(*, session: GroupSession) -> list[tuple[Enrolment, str]]:
    marks = {row.enrolment_id: row.status for row in session.attendance.all()}
    return [(enrolment, marks.get(enrolment.pk, AttendanceStatus.NOT_RECORDED))
            for enrolment in enrolled(cohort=session.cohort)]


# ---------------------------------------------------------------- calendars


def calendar_feed_by_token_hash(*, token_hash: str) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(token_hash=token_hash, revoked_at__isnull=True).select_related("user").first()


def calendar_feeds_for_user(*, user: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=user).order_by("-created_at")


def calendar_feed_get_for_user(*, user: User, feed_id: uuid.UUID | str) -> CalendarFeed:
    try:
        return calendar_feeds_for_user(user=user).get(pk=feed_id)
    except (CalendarFeed.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such feed") from exc


def sessions_for_facilitator(*, user: User) -> list[GroupSession]:
    since = timezone.now() - dt.timedelta(days=60)
    return list(GroupSession.objects.filter(
        Q(cohort__nurse=user) | Q(cohort__peer=user), cohort__programme=user.programme_id,
        cohort__status=CohortStatus.PLANNED, starts_at__gte=since).select_related("cohort", "cohort__course")
        .order_by("starts_at"))


def session_public(*, session_id: uuid.UUID | str) -> GroupSession | None:
    """For the patient's .ics download: holds no patient data, found by an unguessable id."""
    return GroupSession.objects.filter(pk=session_id).select_related("cohort").first()
