"""Pre-computed dashboard numbers, refreshed by the periodic job `outcomes.summaries`.

The job reads every scored response once (streamed), pairs each patient's baseline with each
follow-up, and writes DashboardCell rows per (dimension, period). Patients, their invitations,
scores and doses are read as streams ordered by patient and merged, holding one patient at a time;
waiting times are counted per number of days for the median: memory does not grow with the data.
Dashboard pages then read a handful of rows: the page cost does not grow with the number of
patients or responses.

Dimensions: "all", "practice" (the patient's GP practice) and "cohort" (the group course cohort
the patient is enrolled in). Periods: "all", the calendar year ("2026") and the quarter ("2026-Q1") of the
patient's baseline (of the referral, enrolment or session for the service numbers).

Section "monthly" (dimension and period "all") holds the monthly series the dashboard draws as XmR
charts (spc.py): metric "<measure>:<YYYY-MM>", see MONTHLY.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from rose.outcomes.models import DashboardCell, DoseSnapshot, Invitation, OutcomeEvent, Response
from rose.outcomes.services import dose_change
from rose.outcomes.services.doses import ome_table

PAIRED_MEASURES = ("peg", "phq9", "gad7", "sci")
# Monthly measures: how each cell's value is made. "count": n is the number (value = n); "mean": value is
# the mean of the values added; "share": value is how many of the n reached it.
MONTHLY = {"referrals": "count", "plans_started": "count", "ome_baseline": "mean", "reduced_m3": "share",
           "peg_change_m3": "mean", "phq9_change_m3": "mean", "gad7_change_m3": "mean"}
CHANGE_MEASURES = ("peg", "phq9", "gad7")  # mean change from baseline at 3 months, by month due
REDUCED_EVENT = "month_3"  # the "share who reduced by 50% or more, or stopped" series is at 3 months
PEG_RESPONDER = Decimal(30)
OME_RESPONDER = Decimal(50)


def periods_of(day: Any) -> list[str]:
    """The periods a date counts in: all time, its year and its quarter."""
    return ["all", str(day.year), f"{day.year}-Q{(day.month - 1) // 3 + 1}"]


def month_of(day: Any) -> str:
    return f"{day.year}-{day.month:02d}"


MONTHLY_DIM = [("all", "", "Whole service")]


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
                                             {"n": 0, "sum_a": Decimal(0), "sum_b": Decimal(0),
                                              "values": Counter(), "hits": 0})
                cell["n"] += 1
                if values is not None:  # running sums: memory does not grow with the number of patients
                    cell["sum_a"] += values[0]
                    cell["sum_b"] += values[1]
                    if metric == "wait_days":  # a count per number of days: bounded, for the median
                        cell["values"][values[0]] += 1
                if hit:
                    cell["hits"] += 1


def _service_numbers(programme_id: Any, acc: _Acc) -> None:
    """Referrals, waiting times, enrolments and group attendance from the referrals and groups apps."""
    referral_model = apps.get_model("referrals", "Referral")
    waitlist_model = apps.get_model("referrals", "WaitlistEntry")
    attendance_model = apps.get_model("groups", "Attendance")
    anchor = (Invitation.objects.filter(programme_id=programme_id, event__is_baseline=True,
                                        patient_id=OuterRef("patient_id")).values("anchor_date")[:1])
    referrals = (referral_model.objects.filter(programme_id=programme_id).exclude(status="draft")
                 .annotate(baseline_anchor=Subquery(anchor)).values_list("created_at", "baseline_anchor")
                 .iterator(chunk_size=5000))
    attendance = (attendance_model.objects.filter(session__cohort__programme_id=programme_id)
                  .exclude(status="not_recorded").values_list("session__starts_at", "status").iterator(chunk_size=5000))
    enrolled = (waitlist_model.objects.filter(programme_id=programme_id, status="enrolled")
                .values_list("added_at", flat=True).iterator(chunk_size=5000))
    all_dim = [("all", "", "Whole service")]
    for created_at, baseline_anchor in referrals:
        day = timezone.localdate(created_at)
        acc.add(all_dim, periods_of(day), "service", "referrals")
        acc.add(MONTHLY_DIM, ["all"], "monthly", f"referrals:{month_of(day)}")
        if baseline_anchor is not None:
            wait = Decimal((baseline_anchor - day).days)
            acc.add(all_dim, periods_of(day), "service", "wait_days", values=(wait, wait))
    for added_at in enrolled:
        acc.add(all_dim, periods_of(timezone.localdate(added_at)), "service", "enrolments")
    for starts_at, status in attendance:
        acc.add(all_dim, periods_of(timezone.localdate(starts_at)), "service", "attendance",
                hit=status in ("attended", "late"))
    _course_completions(programme_id, acc, all_dim)
    _plans_started(programme_id, acc)


def _plans_started(programme_id: Any, acc: _Acc) -> None:
    """Plans started a month: each plan's move from draft to in progress (one streamed query)."""
    changes = (apps.get_model("plans", "PlanStatusChange").objects
               .filter(plan__programme_id=programme_id, from_status="draft", to_status="active")
               .values_list("at", flat=True).iterator(chunk_size=5000))
    for at in changes:
        acc.add(MONTHLY_DIM, ["all"], "monthly", f"plans_started:{month_of(timezone.localdate(at))}")


def _median(counts: Counter[Decimal]) -> Decimal:
    """statistics.median of the values counted (the mean of the middle two when the count is even)."""
    n = sum(counts.values())

    def nth(index: int) -> Decimal:
        seen = 0
        for value, count in sorted(counts.items()):
            seen += count
            if index < seen:
                return value
        raise IndexError(index)

    return nth(n // 2) if n % 2 else (nth(n // 2 - 1) + nth(n // 2)) / 2


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
        acc.add(all_dim, periods_of(timezone.localdate(last)), "service", "completions", hit=attended >= required)


class _Stream:
    """A query's rows ordered by patient id, taken one patient at a time (`take(patient_id)`)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows, self.head = rows, next(rows, None)

    def take(self, patient_id: Any) -> list[tuple[Any, ...]]:
        while self.head is not None and str(self.head[0]) < str(patient_id):  # a row of no listed patient
            self.head = next(self.rows, None)
        found = []
        while self.head is not None and self.head[0] == patient_id:
            found.append(self.head)
            self.head = next(self.rows, None)
        return found


def _patients(programme_id: Any, baseline_ids: set[Any]) -> Iterator[tuple[Any, ...]]:
    """(id, practice id, practice name, cohort id, cohort name, baseline due date, consent) for each
    patient, ordered by id: what the cells need to know about a patient, read with the patient."""
    from rose.groups.models import Enrolment, EnrolmentStatus
    from rose.outcomes.selectors import evaluation_consenting_patients
    from rose.patients.models import Patient

    enrolments = (Enrolment.objects.filter(patient_id=OuterRef("pk"), cohort__programme_id=programme_id,
                                           status=EnrolmentStatus.ENROLLED).order_by("-cohort__start_date"))
    baseline = (Invitation.objects.filter(patient_id=OuterRef("pk"), programme_id=programme_id,
                                          event_id__in=baseline_ids).order_by("-created_at"))
    consenting = evaluation_consenting_patients(programme_id=programme_id).filter(pk=OuterRef("pk"))
    return (Patient.objects.filter(programme_id=programme_id).order_by("pk")
            .annotate(x_cohort=Subquery(enrolments.values("cohort_id")[:1]),
                      x_cohort_name=Subquery(enrolments.values("cohort__name")[:1]),
                      x_baseline_due=Subquery(baseline.values("due_on")[:1]), x_consents=Exists(consenting))
            .values_list("pk", "gp_practice_id", "gp_practice__name", "x_cohort", "x_cohort_name", "x_baseline_due",
                         "x_consents").iterator(chunk_size=5000))


def refresh_programme(programme_id: Any) -> int:
    """Rebuild one programme's cells. Every query is streamed in patient order and merged, so only one
    patient's rows are held at a time: memory stays flat however many patients there are."""
    acc = _Acc()
    now = timezone.now()
    events = {e.pk: e for e in OutcomeEvent.objects.filter(programme_id=programme_id)}
    baseline_ids = {pk for pk, e in events.items() if e.is_baseline}
    invitations = _Stream(Invitation.objects.filter(programme_id=programme_id).order_by("patient_id")
                          .values_list("patient_id", "event_id", "status", "due_on").iterator(chunk_size=5000))
    scores = _Stream(Response.objects.filter(programme_id=programme_id, score__isnull=False,
                                             instrument__code__in=PAIRED_MEASURES).order_by("patient_id")
                     .values_list("patient_id", "instrument__code", "invitation__event_id", "score")
                     .iterator(chunk_size=10000))
    doses = _Stream(DoseSnapshot.objects.filter(programme_id=programme_id).order_by("patient_id")
                    .values_list("patient_id", "event_id", "ome_mg", "stopped", "source").iterator(chunk_size=10000))
    for patient_id, practice_id, practice_name, cohort_id, cohort_name, due, consents in _patients(
            programme_id, baseline_ids):
        rows = invitations.take(patient_id), scores.take(patient_id), doses.take(patient_id)
        if not consents:  # only patients who consented to evaluation are counted (issue 12)
            continue
        d = [("all", "", "Whole service"),
             ("practice", str(practice_id or ""), practice_name or "No practice recorded"),
             ("cohort", str(cohort_id), cohort_name) if cohort_id else ("cohort", "", "Not in a group")]
        p = periods_of(due) if due else ["all"]
        _patient_cells(acc, events, baseline_ids, d, p, *rows)

    _service_numbers(programme_id, acc)

    cells: list[DashboardCell] = []
    for (dimension, key, label, period, section, metric), cell in acc.cells.items():
        if metric == "wait_days":  # median wait
            value, value2 = _d(_median(cell["values"])), None
        elif section == "monthly":
            kind = MONTHLY.get(metric.partition(":")[0], "count")
            value = Decimal(cell["n"]) if kind == "count" else (
                _d(cell["sum_a"] / cell["n"]) if kind == "mean" else Decimal(cell["hits"]))
            value2 = None
        elif section == "outcome":
            value, value2 = _d(cell["sum_a"] / cell["n"]), _d(cell["sum_b"] / cell["n"])
        else:
            value, value2 = Decimal(cell["hits"]), None
        cells.append(DashboardCell(programme_id=programme_id, dimension=dimension, dimension_key=key[:64],
                                   dimension_label=label[:200], period=period, section=section, metric=metric,
                                   n=cell["n"], value=value, value2=value2, refreshed_at=now))
    with transaction.atomic():
        DashboardCell.objects.filter(programme_id=programme_id).delete()
        DashboardCell.objects.bulk_create(cells, batch_size=2000)
    return len(cells)


def _patient_cells(acc: _Acc, events: dict[Any, OutcomeEvent], baseline_ids: set[Any], d: list[Any], p: list[str],
                   invitations: list[tuple], scores: list[tuple], doses: list[tuple]) -> None:
    """One patient's contribution: invitations sent and completed, paired scores and dose outcomes."""
    due_on = {}
    for _, event_id, status, due in invitations:
        event = events.get(event_id)
        if event is not None:
            due_on[event.code] = due
            acc.add(d, p, "completion", event.code, hit=status == Invitation.Status.COMPLETED)
    by_code: dict[str, dict[Any, Decimal]] = defaultdict(dict)
    for _, code, event_id, score in scores:
        by_code[code][event_id] = score
    for code, by_event in by_code.items():
        base = next((by_event[e] for e in baseline_ids if e in by_event), None)
        if base is None:
            continue
        for event_id, value in by_event.items():
            if event_id in baseline_ids:
                continue
            event = events[event_id]
            acc.add(d, p, "outcome", f"{code}:{event.code}", values=(base, value))
            if code in CHANGE_MEASURES and event.code == REDUCED_EVENT and due_on.get(event.code) is not None:
                acc.add(MONTHLY_DIM, ["all"], "monthly", f"{code}_change_m3:{month_of(due_on[event.code])}",
                        values=(value - base, value - base))
            if code == "peg":
                improved = base > 0 and (base - value) * 100 / base >= PEG_RESPONDER
                acc.add(d, p, "responder", f"peg30:{event.code}", hit=improved)
    by_event_dose = {event_id: (ome, stopped) for _, event_id, ome, stopped, _source in doses}
    for table in {ome_table(source) for *_, ome, _stopped, source in doses if ome is not None} - {""}:
        acc.add(d, p, "source", f"ome_table:{table}"[:60], hit=True)  # which tables the OME figures came from
    base_event = next((e for e in baseline_ids if e in by_event_dose), None)
    base = None if base_event is None else by_event_dose[base_event][0]
    if base is None:
        return
    base_due = due_on.get(events[base_event].code)
    if base_due is not None:  # OME at referral, by the month of the patient's baseline
        acc.add(MONTHLY_DIM, ["all"], "monthly", f"ome_baseline:{month_of(base_due)}", values=(base, base))
    for event_id, (ome, stopped) in by_event_dose.items():
        if event_id in baseline_ids or ome is None:
            continue
        code = events[event_id].code
        acc.add(d, p, "outcome", f"ome:{code}", values=(base, ome))
        reduction = dose_change(base, ome)
        reduced = reduction is not None and reduction >= OME_RESPONDER
        acc.add(d, p, "responder", f"ome50:{code}", hit=reduced)
        acc.add(d, p, "responder", f"stopped:{code}", hit=stopped or ome == 0)
        acc.add(d, p, "responder", f"reduced_or_stopped:{code}", hit=reduced or stopped or ome == 0)
        if code == REDUCED_EVENT and due_on.get(code) is not None:
            acc.add(MONTHLY_DIM, ["all"], "monthly", f"reduced_m3:{month_of(due_on[code])}",
                    hit=reduced or stopped or ome == 0)


def summaries_refresh() -> int:
    """Periodic job: rebuild every programme's dashboard numbers."""
    from rose.accounts.models import Programme

    return sum(refresh_programme(pk) for pk in Programme.objects.values_list("pk", flat=True))
