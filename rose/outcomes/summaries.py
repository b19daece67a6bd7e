"""Pre-computed dashboard numbers, refreshed by the periodic job `outcomes.summaries`.

The job reads every scored response once (streamed), pairs each patient's baseline with each
follow-up, and writes DashboardCell rows per (dimension, period). Dashboard pages then read a
handful of rows: the page cost does not grow with the number of patients or responses.

Dimensions: "all", "practice" (the patient's GP practice) and "cohort" (the group course cohort
the patient is enrolled in). Periods: "all" and the calendar year of the patient's baseline.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from rose.outcomes.models import DashboardCell, DoseSnapshot, Invitation, OutcomeEvent, Response
from rose.outcomes.services import dose_change

PAIRED_MEASURES = ("peg", "phq9", "gad7", "sci")
PEG_RESPONDER = Decimal(30)
OME_RESPONDER = Decimal(50)


def _d(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


class _Acc:
    """Accumulates cells for one programme: key (dimension, key, label, period, section, metric)."""

    def __init__(self) -> None:
        self.cells: dict[tuple, dict[str, Any]] = {}

    def add(self, dims: list[tuple[str, str, str]], periods: list[str], section: str, metric: str,
            values: tuple[Decimal | None, Decimal | None] | None = None, hit: bool | None = None) -> None:
        for dimension, key, label in dims:
            for period in periods:
                cell = self.cells.setdefault((dimension, key, label, period, section, metric),
                                             {"n": 0, "sum_a": Decimal(0), "sum_b": Decimal(0), "values": [],
                                              "hits": 0})
                cell["n"] += 1
                if values is not None:  # running sums: memory does not grow with the number of patients
                    cell["sum_a"] += values[0]
                    cell["sum_b"] += values[1]
                    if metric == "wait_days":
                        cell["values"].append(values[0])
                if hit:
                    cell["hits"] += 1


def _service_numbers(programme_id: Any, acc: _Acc) -> None:
    """Referrals, waiting times, enrolments and group attendance from the referrals and groups apps."""
    referral_model = apps.get_model("referrals", "Referral")
    waitlist_model = apps.get_model("referrals", "WaitlistEntry")
    attendance_model = apps.get_model("groups", "Attendance")
    referrals = list(referral_model.objects.filter(programme_id=programme_id).exclude(status="draft")
                     .values_list("created_at", "patient_id"))
    attendance = list(attendance_model.objects.filter(session__cohort__programme_id=programme_id)
                      .exclude(status="not_recorded").values_list("session__starts_at", "status"))
    enrolled = list(waitlist_model.objects.filter(programme_id=programme_id, status="enrolled")
                    .values_list("added_at", flat=True))
    all_dim = [("all", "", "Whole service")]
    for created_at, _ in referrals:
        acc.add(all_dim, ["all", str(created_at.year)], "service", "referrals")
    for added_at in enrolled:
        acc.add(all_dim, ["all", str(added_at.year)], "service", "enrolments")
    for starts_at, status in attendance:
        acc.add(all_dim, ["all", str(starts_at.year)], "service", "attendance", hit=status in ("attended", "late"))
    _course_completions(programme_id, acc, all_dim)
    baseline_anchor = dict(Invitation.objects.filter(programme_id=programme_id, event__is_baseline=True)
                           .values_list("patient_id", "anchor_date"))
    for created_at, patient_id in referrals:
        anchor = baseline_anchor.get(patient_id)
        if anchor is not None:
            wait = Decimal((anchor - timezone.localdate(created_at)).days)
            acc.add(all_dim, ["all", str(created_at.year)], "service", "wait_days", values=(wait, wait))


def _course_completions(programme_id: Any, acc: _Acc, all_dim: list[Any]) -> None:
    """Patients still enrolled when their course's last session has passed, and whether they met
    the course's completion rule (default 4 of 6 sessions attended or attended late)."""
    enrolment_model = apps.get_model("groups", "Enrolment")
    rows = (enrolment_model.objects.filter(cohort__programme_id=programme_id, status="enrolled")
            .annotate(last=Max("cohort__sessions__starts_at"),
                      attended=Count("attendance", filter=Q(attendance__status__in=("attended", "late")),
                                     distinct=True))
            .filter(last__lt=timezone.now())
            .values_list("last", "attended", "cohort__course__completion_required"))
    for last, attended, required in rows:
        acc.add(all_dim, ["all", str(last.year)], "service", "completions", hit=attended >= required)


def refresh_programme(programme_id: Any) -> int:
    acc = _Acc()
    now = timezone.now()
    events = {e.pk: e for e in OutcomeEvent.objects.filter(programme_id=programme_id)}
    baseline_ids = {pk for pk, e in events.items() if e.is_baseline}
    # patient -> (practice id, practice name, baseline month)
    practice: dict[Any, tuple[str, str]] = {}
    from rose.patients.models import Patient

    for pk, practice_id, practice_name in (Patient.objects.filter(programme_id=programme_id)
                                           .values_list("pk", "gp_practice_id", "gp_practice__name")
                                           .iterator(chunk_size=5000)):
        practice[pk] = (str(practice_id or ""), practice_name or "No practice recorded")
    cohort: dict[Any, tuple[str, str]] = {}
    from rose.groups.models import Enrolment, EnrolmentStatus

    for patient_id, cohort_id, name in (Enrolment.objects.filter(cohort__programme_id=programme_id,
                                                                 status=EnrolmentStatus.ENROLLED)
                                        .order_by("cohort__start_date")
                                        .values_list("patient_id", "cohort_id", "cohort__name")
                                        .iterator(chunk_size=5000)):
        cohort[patient_id] = (str(cohort_id), name)
    baseline_month: dict[Any, str] = {}
    for patient_id, due_on in (Invitation.objects.filter(programme_id=programme_id, event_id__in=baseline_ids)
                               .values_list("patient_id", "due_on").iterator(chunk_size=5000)):
        baseline_month[patient_id] = due_on.strftime("%Y-%m")

    # Only patients who consented to evaluation are counted (issue 12): the others add to no cell.
    from rose.outcomes.selectors import evaluation_consenting_patients

    consenting = set(evaluation_consenting_patients(programme_id=programme_id).values_list("pk", flat=True))

    def dims(patient_id: Any) -> list[tuple[str, str, str]]:
        if patient_id not in consenting:
            return []
        key, label = practice.get(patient_id, ("", "No practice recorded"))
        cohort_key, cohort_label = cohort.get(patient_id, ("", "Not in a group"))
        return [("all", "", "Whole service"), ("practice", key, label), ("cohort", cohort_key, cohort_label)]

    def periods(patient_id: Any) -> list[str]:
        month = baseline_month.get(patient_id)
        return ["all", month[:4]] if month else ["all"]

    # Invitations sent and completed, per event.
    for patient_id, event_id, status in (Invitation.objects.filter(programme_id=programme_id)
                                         .values_list("patient_id", "event_id", "status").iterator(chunk_size=5000)):
        event = events.get(event_id)
        if event is None:
            continue
        acc.add(dims(patient_id), periods(patient_id), "completion", event.code,
                hit=status == Invitation.Status.COMPLETED)

    # Paired scores: stream scored responses ordered by patient, holding one patient at a time.
    def pairs(patient_id: Any, by_code: dict[str, dict[Any, Decimal]]) -> None:
        d, p = dims(patient_id), periods(patient_id)
        for code, by_event in by_code.items():
            base = next((by_event[e] for e in baseline_ids if e in by_event), None)
            if base is None:
                continue
            for event_id, value in by_event.items():
                if event_id in baseline_ids:
                    continue
                event = events[event_id]
                acc.add(d, p, "outcome", f"{code}:{event.code}", values=(base, value))
                if code == "peg":
                    improved = base > 0 and (base - value) * 100 / base >= PEG_RESPONDER
                    acc.add(d, p, "responder", f"peg30:{event.code}", hit=improved)

    current, by_code = None, defaultdict(dict)
    for patient_id, code, event_id, score in (
            Response.objects.filter(programme_id=programme_id, score__isnull=False,
                                    instrument__code__in=PAIRED_MEASURES).order_by("patient_id")
            .values_list("patient_id", "instrument__code", "invitation__event_id", "score").iterator(chunk_size=10000)):
        if patient_id != current:
            if current is not None:
                pairs(current, by_code)
            current, by_code = patient_id, defaultdict(dict)
        by_code[code][event_id] = score
    if current is not None:
        pairs(current, by_code)

    # Dose outcomes, streamed by patient like the scores.
    def dose_pairs(patient_id: Any, by_event: dict[Any, tuple[Decimal | None, bool]]) -> None:
        base = next((by_event[e][0] for e in baseline_ids if e in by_event), None)
        if base is None:
            return
        d, p = dims(patient_id), periods(patient_id)
        for event_id, (ome, stopped) in by_event.items():
            if event_id in baseline_ids or ome is None:
                continue
            code = events[event_id].code
            acc.add(d, p, "outcome", f"ome:{code}", values=(base, ome))
            reduction = dose_change(base, ome)
            acc.add(d, p, "responder", f"ome50:{code}", hit=reduction is not None and reduction >= OME_RESPONDER)
            acc.add(d, p, "responder", f"stopped:{code}", hit=stopped or ome == 0)

    current, doses = None, {}
    for patient_id, event_id, ome, stopped in (DoseSnapshot.objects.filter(programme_id=programme_id)
                                               .order_by("patient_id")
                                               .values_list("patient_id", "event_id", "ome_mg", "stopped")
                                               .iterator(chunk_size=10000)):
        if patient_id != current:
            if current is not None:
                dose_pairs(current, doses)
            current, doses = patient_id, {}
        doses[event_id] = (ome, stopped)
    if current is not None:
        dose_pairs(current, doses)

    _service_numbers(programme_id, acc)

    rows = []
    for (dimension, key, label, period, section, metric), cell in acc.cells.items():
        if metric == "wait_days":  # median wait
            value, value2 = _d(statistics.median(cell["values"])), None
        elif section == "outcome":
            value, value2 = _d(cell["sum_a"] / cell["n"]), _d(cell["sum_b"] / cell["n"])
        else:
            value, value2 = Decimal(cell["hits"]), None
        rows.append(DashboardCell(programme_id=programme_id, dimension=dimension, dimension_key=key[:64],
                                  dimension_label=label[:200], period=period, section=section, metric=metric,
                                  n=cell["n"], value=value, value2=value2, refreshed_at=now))
    with transaction.atomic():
        DashboardCell.objects.filter(programme_id=programme_id).delete()
        DashboardCell.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def summaries_refresh() -> int:
    """Periodic job: rebuild every programme's dashboard numbers."""
    from rose.accounts.models import Programme

    return sum(refresh_programme(pk) for pk in Programme.objects.values_list("pk", flat=True))
