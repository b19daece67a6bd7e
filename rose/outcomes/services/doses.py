"""Dose outcomes: the OME recorded at each event (from the plan, recorded doses or the referral) and its change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes.models import DoseSnapshot, OutcomeEvent
from rose.outcomes.services.anchors import _current_plan, _first_approved_plan
from rose.patients.models import Patient

if TYPE_CHECKING:
    from rose.accounts.models import User


TABLE_MARK = "; OME table "  # a dose record's source names its conversion table after this


def _with_table(table: str | None) -> str:
    return f"{TABLE_MARK}{table}" if table else ""


def ome_table(source: str) -> str:
    """The conversion table and version a dose record's OME came from ("opioids-aware-2020 2026.1"), as
    its source names it; "" when it names none."""
    _, found, table = source.rpartition(TABLE_MARK)
    return table.strip() if found else ""


@transaction.atomic
def dose_snapshot_record(*, patient: Patient, event: OutcomeEvent, ome_mg: Decimal | None, source: str,
                         stopped: bool = False, note: str = "", actor: User | None = None) -> DoseSnapshot:
    snapshot, _ = DoseSnapshot.objects.update_or_create(
        patient=patient, event=event,
        defaults={"programme_id": patient.programme_id, "ome_mg": ome_mg, "stopped": stopped, "source": source[:200],
                  "note": note[:200], "recorded_by": actor if getattr(actor, "is_authenticated", False) else None})
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "system", obj=snapshot,
              patient=patient, detail={"event": event.code})
    return snapshot


def dose_snapshot_from_plan(*, patient: Patient, event: OutcomeEvent, on: dt.date | None = None,
                            actor: User | None = None) -> DoseSnapshot:
    """OME at an event: the approved plan's starting OME at baseline; at a follow-up the latest recorded
    actual dose in the 28 days before (else the planned dose that day, said so in the source)."""
    from rose.plans.presenters import planned_ome_on
    from rose.plans.selectors import actual_doses

    if event.is_baseline:
        return _baseline_dose(patient=patient, event=event, actor=actor)
    plan = _first_approved_plan(patient)
    version = plan.approved_version if plan is not None else None  # never None on a plan found there
    if plan is None or version is None:
        return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                    note="No approved reduction plan, so no dose to compare")
    table = f"{version.table} {version.table_version}".strip()
    on = on or timezone.localdate()
    recent = [(day, ome) for day, ome in actual_doses(plan=plan) if on - dt.timedelta(days=28) <= day <= on]
    if recent:
        day, ome = recent[-1]
        ome = Decimal(str(ome))
        return dose_snapshot_record(patient=patient, event=event, ome_mg=ome, stopped=ome == 0, actor=actor,
                                    source=f"Recorded dose on {day.isoformat()}{_with_table(table)}")
    planned = planned_ome_on(version.steps, on)
    if planned is None:
        return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                    note="No recorded dose in the last 28 days and no planned step on this date")
    ome = Decimal(str(planned))
    return dose_snapshot_record(patient=patient, event=event, ome_mg=ome, stopped=ome == 0, actor=actor,
                                source=f"Planned dose (no recorded dose in 28 days){_with_table(table)}")


def _baseline_dose(*, patient: Patient, event: OutcomeEvent, actor: User | None = None) -> DoseSnapshot:
    """Baseline OME: the approved plan's starting dose; before approval (a one-to-one baseline is
    asked from the first draft) the draft's starting dose, worked out from the regimen confirmed at
    the consultation; before any plan (a group patient) the OME on the accepted referral."""
    from rose.referrals.selectors import latest_referral_for_patient

    plan = _first_approved_plan(patient)
    version = plan.approved_version if plan is not None else getattr(_current_plan(patient), "latest_version", None)
    if version is not None:
        table = f"{version.table} {version.table_version}".strip()
        kind = "Plan" if plan is not None else "Draft plan"
        return dose_snapshot_record(patient=patient, event=event, ome_mg=version.starting_ome_mg_per_day,
                                    source=f"{kind} starting dose{_with_table(table)}", actor=actor)
    referral = latest_referral_for_patient(patient=patient)
    if referral is not None and referral.total_ome_mg is not None:
        table = _with_table(referral.ome_table)
        return dose_snapshot_record(patient=patient, event=event, ome_mg=referral.total_ome_mg,
                                    source=f"Referral total OME{table}", actor=actor)
    return dose_snapshot_record(patient=patient, event=event, ome_mg=None, source="", actor=actor,
                                note="No reduction plan and no OME on the referral, so no dose to compare")


def dose_change(baseline: Decimal | None, follow_up: Decimal | None) -> Decimal | None:
    """Percentage reduction in OME from baseline (positive is a reduction). None when not calculable."""
    if baseline is None or follow_up is None or baseline <= 0:
        return None
    return ((baseline - follow_up) * 100 / baseline).quantize(Decimal("0.1"))
