"""Anchor dates of the schedule (first group session, course end, plan start, drafted plan start), for one
patient or, set-based, for a batch of patients."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from rose.outcomes.models import Anchor
from rose.patients.models import Patient

if TYPE_CHECKING:
    from rose.plans.models import Plan


def _cohort_sessions(patient: Patient) -> list[dt.datetime]:
    """Start times of the sessions of the patient's group course (enrolled place, newest cohort)."""
    from rose.groups.models import Enrolment, EnrolmentStatus, GroupSession, SessionStatus

    enrolment = (Enrolment.objects.filter(patient=patient, status=EnrolmentStatus.ENROLLED,
                                          cohort__programme_id=patient.programme_id)
                 .order_by("-cohort__start_date").first())
    if enrolment is None:
        return []
    return list(GroupSession.objects.filter(cohort_id=enrolment.cohort_id).exclude(status=SessionStatus.CANCELLED)
                .order_by("starts_at").values_list("starts_at", flat=True))


def _first_group_session(patient: Patient) -> dt.date | None:
    sessions = _cohort_sessions(patient)
    return timezone.localdate(sessions[0]) if sessions else None


def _course_end(patient: Patient) -> dt.date | None:
    sessions = _cohort_sessions(patient)
    return timezone.localdate(sessions[-1]) if sessions else None


def _first_approved_plan(patient: Patient) -> Plan | None:
    from rose.plans.models import Plan

    return (Plan.objects.filter(patient=patient, approved_version__isnull=False)
            .select_related("approved_version").order_by("created_at").first())


def _plan_start(patient: Patient) -> dt.date | None:
    plan = _first_approved_plan(patient)
    version = plan.approved_version if plan is not None else None  # never None on a plan found above
    if version is None or not version.start_date:
        return None
    return dt.date.fromisoformat(str(version.start_date)[:10])


LIVE_PLAN_STATUSES = ("draft", "active", "paused")  # plans.PlanStatus without "stopped"


def _current_plan(patient: Patient) -> Plan | None:
    """The patient's first plan that has not been stopped, draft or approved (one-to-one pathway)."""
    from rose.plans.models import Plan

    return (Plan.objects.filter(patient=patient, programme_id=patient.programme_id, status__in=LIVE_PLAN_STATUSES,
                                latest_version__isnull=False)
            .select_related("approved_version", "latest_version").order_by("created_at").first())


def _plan_drafted_start(patient: Patient) -> dt.date | None:
    """The start date of that plan: its approved version's, else its latest draft's. Known from the
    day the plan is drafted, so the baseline can be asked before the first reduction."""
    plan = _current_plan(patient)
    if plan is None:
        return None
    start = (plan.approved_version or plan.latest).start_date
    return dt.date.fromisoformat(str(start)[:10]) if start else None


# Anchor -> callable(patient) -> date | None. Tests and other deployments may replace entries.
ANCHOR_PROVIDERS: dict[str, Any] = {
    Anchor.FIRST_GROUP_SESSION: _first_group_session,
    Anchor.COURSE_END: _course_end,
    Anchor.PLAN_START: _plan_start,
    Anchor.PLAN_DRAFTED_START: _plan_drafted_start,
}
_BUILT_IN_PROVIDERS = dict(ANCHOR_PROVIDERS)


def _id_range(patient_ids: list[Any]) -> Q:
    """Rows of the patients from the smallest to the largest id: a range on the patient index rather
    than a list of 5,000 ids the database must parse and plan (callers look up only their own ids)."""
    return Q(patient_id__gte=min(patient_ids), patient_id__lte=max(patient_ids))


def _course_dates_many(programme_id: uuid.UUID, patient_ids: list[Any]) -> dict[Any, tuple[dt.date, dt.date]]:
    """(first session, last session) local dates of each patient's course, as _cohort_sessions
    finds it for one patient (enrolled place, newest cohort, sessions not cancelled): 2 queries."""
    from django.db.models import Max, Min

    from rose.groups.models import Enrolment, EnrolmentStatus, GroupSession, SessionStatus

    cohort_of: dict[Any, Any] = {}
    for patient_id, cohort_id in (Enrolment.objects.filter(
            _id_range(patient_ids), status=EnrolmentStatus.ENROLLED, cohort__programme_id=programme_id)
            .order_by("patient_id", "-cohort__start_date").values_list("patient_id", "cohort_id")):
        cohort_of.setdefault(patient_id, cohort_id)
    spans = {row["cohort_id"]: (timezone.localdate(row["first"]), timezone.localdate(row["last"])) for row in
             GroupSession.objects.filter(cohort_id__in=set(cohort_of.values()))
             .exclude(status=SessionStatus.CANCELLED).order_by().values("cohort_id")
             .annotate(first=Min("starts_at"), last=Max("starts_at"))}
    return {patient_id: spans[cohort_id] for patient_id, cohort_id in cohort_of.items() if cohort_id in spans}


def _plan_starts_many(programme_id: uuid.UUID, patient_ids: list[Any]) -> dict[Any, dt.date]:
    """Each patient's first approved plan's start date, as _plan_start finds it: 1 query reading only
    the date out of the approved version's JSON."""
    from django.db.models.fields.json import KeyTextTransform, KeyTransform
    from django.db.models.functions import Coalesce

    from rose.plans.models import Plan

    starts: dict[Any, dt.date | None] = {}
    rows = (Plan.objects.filter(_id_range(patient_ids), programme_id=programme_id, approved_version__isnull=False)
            .order_by("patient_id", "created_at")
            .values_list("patient_id", Coalesce(
                KeyTextTransform("start_date", KeyTransform("0", "approved_version__steps")),
                KeyTextTransform("start_date", "approved_version__request"))))
    for patient_id, start in rows:
        if patient_id not in starts:
            starts[patient_id] = dt.date.fromisoformat(str(start)[:10]) if start else None
    return {patient_id: start for patient_id, start in starts.items() if start is not None}


def _plan_drafted_starts_many(programme_id: uuid.UUID, patient_ids: list[Any]) -> dict[Any, dt.date]:
    """_plan_drafted_start for a batch of patients: 1 query reading only the dates out of the JSON."""
    from django.db.models.fields.json import KeyTextTransform, KeyTransform
    from django.db.models.functions import Coalesce

    from rose.plans.models import Plan

    def start(version: str) -> list[Any]:
        return [KeyTextTransform("start_date", KeyTransform("0", f"{version}__steps")),
                KeyTextTransform("start_date", f"{version}__request")]

    starts: dict[Any, dt.date | None] = {}
    rows = (Plan.objects.filter(_id_range(patient_ids), programme_id=programme_id, status__in=LIVE_PLAN_STATUSES,
                                latest_version__isnull=False)
            .order_by("patient_id", "created_at")
            .values_list("patient_id", Coalesce(*start("approved_version"), *start("latest_version"))))
    for patient_id, date in rows:
        if patient_id not in starts:
            starts[patient_id] = dt.date.fromisoformat(str(date)[:10]) if date else None
    return {patient_id: date for patient_id, date in starts.items() if date is not None}


def _anchors_many(programme_id: uuid.UUID, patient_ids: list[Any], anchors: set[str]) -> dict[str, dict[Any, dt.date]]:
    """Anchor -> {patient id: date} for a batch of patients, in a handful of queries. An anchor whose
    per-patient provider has been replaced (a test, another deployment) asks that provider instead."""
    found: dict[str, dict[Any, dt.date]] = {}
    courses = None
    for anchor in anchors:
        provider = ANCHOR_PROVIDERS.get(anchor)
        if provider is None:
            found[anchor] = {}
        elif provider is not _BUILT_IN_PROVIDERS.get(anchor):
            patients = Patient.objects.filter(pk__in=patient_ids)
            found[anchor] = {p.pk: date for p in patients if (date := provider(p)) is not None}
        elif anchor == Anchor.PLAN_START:
            found[anchor] = _plan_starts_many(programme_id, patient_ids)
        elif anchor == Anchor.PLAN_DRAFTED_START:
            found[anchor] = _plan_drafted_starts_many(programme_id, patient_ids)
        else:
            courses = courses if courses is not None else _course_dates_many(programme_id, patient_ids)
            side = 0 if anchor == Anchor.FIRST_GROUP_SESSION else 1
            found[anchor] = {patient_id: span[side] for patient_id, span in courses.items()}
    return found
