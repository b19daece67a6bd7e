"""Programme reports: fill rate, attendance per session and cohort, completion, time on the waitlist.

Counts only: no patient is named. Each figure says what it is a share of."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from rose.groups.models import COUNTS_AS_ATTENDED, Attendance, AttendanceStatus, Enrolment, EnrolmentStatus
from rose.groups.presenters import percent
from rose.groups.selectors import cohorts_for_reports


@dataclass
class CohortReport:
    cohort: Any
    enrolled: int
    fill_rate: str
    sessions: list[dict[str, Any]] = field(default_factory=list)
    attendance_rate: str = ""
    completed: int = 0
    completion_rate: str = ""


def _session_rows(cohort_ids: list[Any]) -> dict[Any, list[dict[str, Any]]]:
    from rose.groups.models import GroupSession

    rows: dict[Any, list[dict[str, Any]]] = {}
    sessions = GroupSession.objects.filter(cohort_id__in=cohort_ids).annotate(
        attended=Count("attendance", filter=Q(attendance__status__in=COUNTS_AS_ATTENDED)),
        recorded=Count("attendance", filter=~Q(attendance__status=AttendanceStatus.NOT_RECORDED)),
    ).order_by("starts_at")
    for session in sessions:
        rows.setdefault(session.cohort_id, []).append({
            "session": session, "attended": session.attended, "recorded": session.recorded,
            "rate": percent(session.attended, session.recorded)})
    return rows


def _attended_per_enrolment(cohort_ids: list[Any]) -> dict[Any, int]:
    return dict(Attendance.objects.filter(session__cohort_id__in=cohort_ids, status__in=COUNTS_AS_ATTENDED)
                .values_list("enrolment_id").annotate(n=Count("id")).values_list("enrolment_id", "n"))


def _waitlist_days(enrolments: list[Enrolment], programme_id: Any) -> list[float]:
    from rose.referrals.models import WaitlistEntry

    ids = [e.waitlist_entry_id for e in enrolments if e.waitlist_entry_id and e.offered_at]
    added = dict(WaitlistEntry.objects.filter(pk__in=ids, programme_id=programme_id).values_list("pk", "added_at"))
    return [(e.offered_at - added[e.waitlist_entry_id]).total_seconds() / 86400
            for e in enrolments if e.waitlist_entry_id in added and e.offered_at]


def programme_report(*, user: Any) -> dict[str, Any]:
    cohorts = list(cohorts_for_reports(user=user).select_related("course").order_by("start_date"))
    ids = [cohort.pk for cohort in cohorts]
    enrolments = list(Enrolment.objects.filter(cohort_id__in=ids, status__in=(
        EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN)).only("id", "cohort_id", "status", "waitlist_entry_id",
                                                                  "offered_at"))
    attended = _attended_per_enrolment(ids)
    sessions = _session_rows(ids)
    today = timezone.localdate()
    reports = []
    for cohort in cohorts:
        mine = [e for e in enrolments if e.cohort_id == cohort.pk]
        enrolled = [e for e in mine if e.status == EnrolmentStatus.ENROLLED]
        rows = sessions.get(cohort.pk, [])
        report = CohortReport(cohort=cohort, enrolled=len(enrolled), fill_rate=percent(len(enrolled), cohort.capacity),
                              sessions=rows, attendance_rate=percent(sum(r["attended"] for r in rows),
                                                                     sum(r["recorded"] for r in rows)))
        report.completed = sum(1 for e in enrolled if attended.get(e.pk, 0) >= cohort.course.completion_required)
        finished = cohort.last_session_date is not None and cohort.last_session_date < today
        report.completion_rate = percent(report.completed, len(enrolled)) if finished \
            else "Not calculable until the course has finished"
        reports.append(report)
    days = _waitlist_days([e for e in enrolments], getattr(user, "programme_id", None))
    return {
        "cohorts": reports,
        "waitlist_median_days": round(statistics.median(days)) if days else None,
        "waitlist_longest_days": round(max(days)) if days else None,
        "waitlist_count": len(days),
    }
