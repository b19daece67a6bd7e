"""A plan's life after approval: pause (by a clinician or a red flag), resume, stop; step nudges."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.messaging.services import (
    inbox_item_create,
    message_cancel_for,
    messages_cancel_for_all,
    messages_schedule_many,
)
from rose.patients.services import task_create, timeline_add
from rose.plans.models import IN_PROGRESS, PLAN_TRANSITIONS, Plan, PlanStatus, PlanStatusChange, PlanVersion
from rose.plans.steps import dose_key, dose_sentence, product_words

if TYPE_CHECKING:
    from django.db.models import Model

    from rose.accounts.models import User
    from rose.messaging.models import InboundMessage, OutboundMessage
    from rose.patients.models import Patient

LONDON = ZoneInfo("Europe/London")
CHECKIN_TEXT = ("ROSE check-in: did you take your medicines as your plan says this week? Reply YES or NO. "
                "If you feel unwell, please call us.")
NUDGE_TEXT = ("Tomorrow your ROSE reduction plan moves to its next step. Your plan letter says what to take. "
              "If you have questions or feel unwell, please call us.")
# Only when the programme turns on `sms_drug_names` (off by default: hazard H-PLN-11).
NUDGE_NAMED_TEXT = ("Tomorrow your ROSE reduction plan moves to its next step. From tomorrow: {what}. "
                    "Your plan letter has the details. If you have questions or feel unwell, please call us.")


def plan_transition(*, plan: Plan, to: str, actor: User | None, reason: str = "", source: Model | None = None) -> Plan:
    """The state machine: every change of status writes an immutable PlanStatusChange row."""
    if to not in PLAN_TRANSITIONS.get(plan.status, ()):
        raise ValidationError(f"A plan that is {plan.get_status_display().lower()} cannot be "
                              f"{PlanStatus(to).label.lower()}")
    previous = plan.status
    plan.status = to
    plan.save(update_fields=["status", "updated_at"])
    PlanStatusChange.objects.create(
        plan=plan, from_status=previous, to_status=to, reason=reason[:500], at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source_type=source._meta.label if source is not None else "",
        source_id=str(source.pk) if source is not None else "")
    return plan


@transaction.atomic
def plan_pause(*, plan: Plan, actor: User | None, reason: str, source: Model | None = None) -> Plan:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError("Only a plan in progress can be paused")
    plan_transition(plan=plan, to=PlanStatus.PAUSED, actor=actor, reason=reason, source=source)
    message_cancel_for(related=plan)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=plan, patient=plan.patient_id,
              actor_label=None if actor else "system", detail={"status": "paused"})
    timeline_add(patient=plan.patient_id, kind="plan_paused", summary=f"Reduction plan paused: {reason}",
                 actor=actor, source=plan)
    return plan


@transaction.atomic
def plan_resume(*, plan: Plan, actor: User, reason: str = "") -> Plan:
    if plan.status != PlanStatus.PAUSED:
        raise ValidationError("Only a paused plan can be resumed")
    plan_transition(plan=plan, to=PlanStatus.ACTIVE, actor=actor, reason=reason)
    nudges_schedule(plan=plan)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=plan, patient=plan.patient_id,
              detail={"status": "active"})
    timeline_add(patient=plan.patient_id, kind="plan_resumed", summary="Reduction plan resumed", actor=actor,
                 source=plan)
    return plan


@transaction.atomic
def plan_stop(*, plan: Plan, actor: User, reason: str) -> Plan:
    plan_transition(plan=plan, to=PlanStatus.STOPPED, actor=actor, reason=reason)
    message_cancel_for(related=plan)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=plan, patient=plan.patient_id,
              detail={"status": "stopped"})
    timeline_add(patient=plan.patient_id, kind="plan_stopped", summary=f"Reduction plan stopped: {reason}",
                 actor=actor, source=plan)
    return plan


def plan_pause_for_red_flag(*, patient: Patient, reason: str, source: Model | None = None) -> bool:
    """Contract (docs/app-interfaces.md): pause the patient's plan in progress, if any, and raise an
    urgent review task. Returns True when a plan was paused."""
    with transaction.atomic():
        plan = (Plan.objects.select_for_update().filter(patient=patient, status__in=IN_PROGRESS)
                .exclude(approved_version=None).order_by("-created_at").first())
        paused = False
        if plan is not None and plan.status == PlanStatus.ACTIVE:
            plan_pause(plan=plan, actor=None, reason=f"Red flag: {reason}", source=source)
            paused = True
        if plan is not None:
            task_create(patient=patient, kind="plan_review", priority="urgent", source=source or plan,
                        title=f"Red flag: review the reduction plan before it continues ({reason})")
    return paused


def red_flag_from_text(patient: Patient, inbound: InboundMessage) -> None:
    """messaging.hooks.red_flag: a red-flag text reply pauses the plan, saying which
    red flags; the patient's conversation says so and links to resuming it (a false alarm)."""
    what = getattr(inbound, "red_flag_description", "") or "red flag"
    if not plan_pause_for_red_flag(patient=patient, reason=f"text message reply ({what})", source=inbound):
        return
    plan = Plan.objects.filter(patient=patient, status=PlanStatus.PAUSED).order_by("-updated_at").first()
    inbox_item_create(patient=patient, inbound=inbound, source=plan,
                      summary=f"Reduction plan paused because of this text ({what}). If it was a false alarm, "
                              "resume the plan and give the reason.")


def plan_text_check(message: OutboundMessage) -> str:
    """messaging.hooks.send_check: a text about a plan goes only while the plan is in progress
    (asked again just before each provider call, so a pause or stop wins over a claimed text)."""
    if message.related_type != Plan._meta.label or not message.related_id:
        return ""
    status = Plan.objects.filter(pk=message.related_id).values_list("status", flat=True).first()
    if status is None or status == PlanStatus.ACTIVE:
        return ""
    return f"the reduction plan is {PlanStatus(status).label.lower()}"


def nudges_schedule(*, plan: Plan) -> int:
    """A text the day before each future step change of the approved version (no drug names unless
    the programme turns them on), and a weekly check-in while the plan runs, queued together.
    Earlier texts about this plan are cancelled first, so a new approval, a resume or a change
    never doubles them."""
    return nudges_schedule_many(plans=[plan])


NUDGE_PURPOSES = ("plan_step_nudge", "checkin_dose")


def nudges_schedule_many(*, plans: list[Plan]) -> int:
    """`nudges_schedule` for many plans in one go, in a constant number of queries whatever the
    number of plans or steps (one locked cancel, one consent query, the rows in bulk, one audit row
    a plan). Load the plans with `select_related("approved_version", "patient__programme")`.
    Returns how many texts were queued."""
    with transaction.atomic(savepoint=False):
        messages_cancel_for_all(related=plans, purposes=NUDGE_PURPOSES)
        running = [(plan, version) for plan in plans
                   if (version := plan.approved_version) is not None and plan.status == PlanStatus.ACTIVE]
        today = timezone.localdate()
        return messages_schedule_many(batches=[
            (plan.patient, _step_nudges(plan, version, today) + _weekly_checkins(plan, version, today))
            for plan, version in running])


def _weekly_checkins(plan: Plan, approved: PlanVersion, today: dt.date) -> list[dict[str, Any]]:
    """Every 7 days from the plan's start until its last step begins, at 6pm London time: "did you
    take your doses as planned?" A YES/NO reply is stored as a dose_as_planned observation."""
    steps = approved.steps
    first = dt.date.fromisoformat(steps[0]["start_date"])
    last = dt.date.fromisoformat(steps[-1]["start_date"])
    texts = []
    day = first + dt.timedelta(days=7)
    while day <= last:
        if day > today:
            texts.append({"purpose": "checkin_dose", "body": CHECKIN_TEXT, "related": plan,
                          "due_at": dt.datetime.combine(day, dt.time(18, 0), tzinfo=LONDON)})
        day += dt.timedelta(days=7)
    return texts


def nudge_text(*, previous: dict[str, Any], step: dict[str, Any], named: bool) -> str:
    """The step-change text. Fixed wording with no medicine named unless the programme has turned
    `sms_drug_names` on; then it says what to take from tomorrow (or what to stop)."""
    if not named:
        return NUDGE_TEXT
    if step["administrations"]:
        what = dose_sentence(step["administrations"])
    else:
        products = sorted({product_words(adm["product"], 2, adm["unit"]) for adm in previous["administrations"]})
        what = "stop taking " + (" and ".join(products) or "this medicine")
    return NUDGE_NAMED_TEXT.format(what=what)


def _step_nudges(plan: Plan, approved: PlanVersion, today: dt.date) -> list[dict[str, Any]]:
    named = plan.patient.programme.sms_drug_names
    texts = []
    steps = approved.steps
    for previous, step in itertools.pairwise(steps):
        if dose_key(step) == dose_key(previous):
            continue  # a hold (the same dose for longer): nothing changes tomorrow, so no "next step" text
        day_before = dt.date.fromisoformat(step["start_date"]) - dt.timedelta(days=1)
        if day_before > today:
            texts.append({"purpose": "plan_step_nudge", "related": plan,
                          "body": nudge_text(previous=previous, step=step, named=named),
                          "due_at": dt.datetime.combine(day_before, dt.time(10, 0), tzinfo=LONDON)})
    return texts
