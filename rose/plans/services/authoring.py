"""Plan authoring: engine preview, draft creation, hand-made steps, holds, slow-down, approval.

Every change writes a new immutable PlanVersion; the approved one stays in force until a
prescribing clinician approves a newer one."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.medicines.services import ContractError, taper_calculate
from rose.patients.services import timeline_add
from rose.plans import steps as step_rules
from rose.plans.models import Plan, PlanApproval, PlanStatus, PlanVersion
from rose.plans.services.documents import documents_check
from rose.plans.services.lifecycle import nudges_schedule, plan_transition

if TYPE_CHECKING:
    from rose.accounts.models import Programme, User
    from rose.patients.models import Patient
    from rose.plans.models import Consultation


class PlanChangeError(ValidationError):
    """A change that cannot be made (`refused`) or needs an explicit override (`override`)."""

    def __init__(self, *, refused: list[str], override: list[str]) -> None:
        self.refused, self.override = refused, override
        super().__init__(refused + override)


def contract_messages(exc: ContractError) -> list[str]:
    return [f"{e.get('field', '')}: {e.get('message', '')}".strip(": ") for e in exc.errors]


def taper_request(*, regimen: dict[str, Any], start_date: dt.date, strategy: dict[str, Any],
                  use_strengths: list[int | float] | None = None) -> dict[str, Any]:
    """The engine's taper request; `use_strengths` limits the strengths the plan may use
    (the prescriber's "only 10 mg and 30 mg tablets")."""
    request: dict[str, Any] = {"regimen": regimen, "start_date": start_date.isoformat(), "strategy": strategy}
    if use_strengths:
        request["use_strengths"] = list(use_strengths)
    return request


def plan_preview(*, programme: Programme, request: dict[str, Any]) -> dict[str, Any]:
    """The engine's dated steps for a request, saving nothing. Raises ValidationError with the
    engine's messages."""
    try:
        answer = taper_calculate(request=request, programme=programme)
    except ContractError as exc:
        raise ValidationError(contract_messages(exc)) from exc
    except OverflowError as exc:  # a start date so late that the steps run past year 9999
        raise ValidationError("The plan's dates would run past the end of the calendar: choose an earlier "
                              "start date") from exc
    if not answer["steps"]:
        reasons = [w["message"] for w in answer["warnings"] if w["code"] in ("not-calculable", "not-plannable",
                                                                             "strength-limit-not-met")]
        raise ValidationError(["No plan can be calculated safely for this regimen.", *reasons])
    return answer


def _new_version(*, plan: Plan, actor: User, steps: list[dict[str, Any]], change: str, reason: str = "",
                 base: PlanVersion | None = None, answer: dict[str, Any] | None = None,
                 request: dict[str, Any] | None = None) -> PlanVersion:
    number = plan.latest_version.number + 1 if plan.latest_version else 1
    template = base or plan.latest_version  # None only for the first version, which plan_create makes
    if answer:
        warnings, table, table_version = answer["warnings"], answer["table"], answer["table_version"]
        starting_ome = Decimal(str(answer["starting_ome_mg_per_day"]))
    elif template is not None:
        warnings, table, table_version = template.warnings, template.table, template.table_version
        starting_ome = template.starting_ome_mg_per_day
    else:
        raise ValueError("A plan's first version is made from the dose engine's answer")
    if request is None:
        if template is None:
            raise ValueError("A plan's first version is made from the dose engine's request")
        request = template.request
    version = PlanVersion.objects.create(
        plan=plan, number=number, created_by=actor, steps=steps, change=change[:200], reason=reason,
        request=request, warnings=warnings, table=table, table_version=table_version,
        starting_ome_mg_per_day=starting_ome,
        max_step_percent=Decimal(str(request["strategy"].get("max_step_percent", 25))))
    plan.latest_version = version
    plan.save(update_fields=["latest_version", "updated_at"])
    audit_log(action=AuditAction.UPDATE if number > 1 else AuditAction.CREATE, actor=actor, obj=version,
              patient=plan.patient_id, detail={"plan": str(plan.pk), "version": number})
    return version


def _engine_steps(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**step, "kind": "engine", "reason": ""} for step in answer["steps"]]


@transaction.atomic
def plan_create(*, patient: Patient, actor: User, request: dict[str, Any],
                consultation: Consultation | None = None) -> Plan:
    answer = plan_preview(programme=patient.programme, request=request)
    plan = Plan.objects.create(patient=patient, programme_id=patient.programme_id, consultation=consultation,
                               created_by=actor)
    _new_version(plan=plan, actor=actor, steps=_engine_steps(answer), change="Plan drafted from the dose engine",
                 answer=answer, request=request)
    timeline_add(patient=patient, kind="plan_drafted", summary="Reduction plan drafted (not for use until approved)",
                 actor=actor, source=plan)
    return plan


def _locked(plan: Plan, based_on: int | None) -> Plan:
    plan = (Plan.objects.select_for_update(of=("self",)).select_related("latest_version", "patient__programme")
            .get(pk=plan.pk))
    if plan.status == PlanStatus.STOPPED:
        raise ValidationError("This plan has stopped: it cannot be changed")
    if based_on is not None and plan.latest.number != based_on:
        raise ValidationError(f"Someone else saved version {plan.latest.number} while you were editing. "
                              "Your changes are still in the form: check the new version, then save again.")
    return plan


@transaction.atomic
def plan_step_adjust(*, plan: Plan, actor: User, step_number: int, start_date: dt.date, end_date: dt.date,
                     units: list[Decimal], reason: str, override: bool = False, override_reason: str = "",
                     based_on: int | None = None) -> PlanVersion:
    """Change one step by hand: dates and the number of units at each dosing time (0 drops it).
    Re-checks the engine's rules; an increase or a cut above the maximum needs `override` with a reason."""
    plan = _locked(plan, based_on)
    version = plan.latest
    steps = copy.deepcopy(version.steps)
    if not 1 <= step_number <= len(steps):
        raise ValidationError(f"There is no step {step_number}")
    old = steps[step_number - 1]
    words = step_rules.DoseWords()  # the amount and words of a changed dose are made again, never kept
    administrations = [words.with_units(adm, _number(u)) for adm, u in zip(old["administrations"], units, strict=True)
                       if u > 0]
    try:
        ome = step_rules.step_ome(administrations, table=version.table, programme=plan.patient.programme)
    except step_rules.StepError as exc:
        raise PlanChangeError(refused=[str(exc)], override=[]) from exc
    days = (end_date - start_date).days + 1
    new = {**old, "start_date": start_date.isoformat(), "end_date": end_date.isoformat(), "days": days,
           "ome_mg_per_day": _number(ome), "administrations": administrations, "kind": "manual", "reason": reason}
    new["supply"] = step_rules.supply_for(new, days)
    check = step_rules.check_step(steps, step_number - 1, new, plan_start=dt.date.fromisoformat(version.start_date),
                                  starting_ome=version.starting_ome_mg_per_day,
                                  max_step_percent=version.max_step_percent)
    _raise_unless_allowed(check, override, override_reason)
    if check.override:
        new["reason"] = f"{reason} (override: {override_reason})"
    steps[step_number - 1] = new
    return _new_version(plan=plan, actor=actor, steps=steps, change=f"Step {step_number} changed by hand",
                        reason=new["reason"])


def _raise_unless_allowed(check: step_rules.AdjustmentCheck, override: bool, override_reason: str) -> None:
    if check.refused:
        raise PlanChangeError(refused=check.refused, override=check.override)
    if check.override and not (override and override_reason.strip()):
        raise PlanChangeError(refused=[], override=check.override)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@transaction.atomic
def plan_hold_insert(*, plan: Plan, actor: User, after_step: int, days: int, reason: str,
                     based_on: int | None = None) -> PlanVersion:
    plan = _locked(plan, based_on)
    try:
        steps = step_rules.hold_insert(plan.latest.steps, after_step=after_step, days=days, reason=reason)
    except step_rules.StepError as exc:
        raise ValidationError(str(exc)) from exc
    return _new_version(plan=plan, actor=actor, steps=steps, change=f"Hold of {days} days after step {after_step}",
                        reason=reason)


@transaction.atomic
def plan_slow_down(*, plan: Plan, actor: User, on: dt.date, percent: int, interval_days: int,
                   reason: str) -> PlanVersion:
    """Regenerate the steps after today's from today's dose, with a gentler strategy."""
    plan = _locked(plan, None)
    source = plan.approved_version or plan.latest
    kept = [s for s in copy.deepcopy(source.steps) if dt.date.fromisoformat(s["start_date"]) <= on]
    if not kept or Decimal(str(kept[-1]["ome_mg_per_day"])) == 0:
        raise ValidationError("The plan has not started, or has already stopped: draft a new plan instead")
    current = kept[-1]
    regimen = step_rules.administrations_regimen(current["administrations"], source.table)
    start = dt.date.fromisoformat(current["end_date"]) + dt.timedelta(days=1)
    strategy = {"type": "percent-of-current", "percent": percent, "interval_days": interval_days}
    answer = plan_preview(programme=plan.patient.programme,
                          request=taper_request(regimen=regimen, start_date=start, strategy=strategy,
                                                use_strengths=source.request.get("use_strengths")))
    new = [{**s, "kind": "engine", "reason": reason} for s in answer["steps"]]
    # To keep the chosen rate the engine may begin by holding today's dose for another interval: that
    # is today's step carrying on, so today's step is extended rather than the same dose printed twice.
    if new and step_rules.dose_key(current) == step_rules.dose_key(new[0]):
        current["end_date"], current["days"] = new[0]["end_date"], _days(current["start_date"], new[0]["end_date"])
        new = new[1:]
    steps = step_rules.renumber(kept + new)
    return _new_version(plan=plan, actor=actor, steps=steps, reason=reason,
                        change=f"Slowed down from step {len(kept)}: {percent}% every {interval_days} days")


def _days(start: str, end: str) -> int:
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1


@transaction.atomic
def plan_approve(*, plan: Plan, actor: User, version_number: int) -> PlanApproval:
    """Only a prescribing clinician with a professional register approves; the latest version only.
    Both documents are rendered inside the transaction first: if either cannot be made, nothing
    is approved and the clinician is told why."""
    if getattr(actor, "role", None) != Role.PRESCRIBER or not actor.professional_register:
        raise ValidationError("Only a prescribing clinician with a professional registration can approve a plan")
    plan = _locked(plan, version_number)
    version = plan.latest
    if hasattr(version, "approval"):
        raise ValidationError("This version is already approved")
    approval = PlanApproval.objects.create(
        version=version, approved_by=actor, approver_name=actor.full_name,
        professional_register=actor.professional_register, registration_number=actor.registration_number,
        approved_at=timezone.now())
    documents_check(version=version)  # raises, and the whole approval is rolled back, if they cannot be made
    plan.approved_version = version
    plan.save(update_fields=["approved_version", "updated_at"])
    if plan.status == PlanStatus.DRAFT:
        plan_transition(plan=plan, to=PlanStatus.ACTIVE, actor=actor, reason=f"Version {version.number} approved")
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=version, patient=plan.patient_id,
              detail={"approved": True, "version": version.number})
    timeline_add(patient=plan.patient_id, kind="plan_approved", actor=actor, source=plan,
                 summary=f"Reduction plan version {version.number} approved")
    nudges_schedule(plan=plan)
    from rose.plans.tasks import plan_documents_generate_task

    transaction.on_commit(lambda: plan_documents_generate_task.enqueue(str(version.pk)))
    return approval
