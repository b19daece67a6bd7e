"""Answers, scores and alerts: save a page of answers, score a response, raise its alerts once, complete it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes import instruments as defs
from rose.outcomes.models import Answer, Invitation, Response
from rose.outcomes.services.transitions import S, _transition
from rose.patients.models import Patient
from rose.patients.services import task_create, timeline_add

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from rose.accounts.models import User

logger = logging.getLogger(__name__)

CRISIS_SIGNPOSTING = (
    "If you feel you might act on thoughts of harming yourself, or you are in danger now, call 999 or go to A&E. "
    "For urgent mental health help call NHS 111 and choose option 2. You can talk to Samaritans any time, "
    "day or night, free on 116 123."
)



def clean_answers(*, response: Response, answers: dict[str, Any]) -> dict[str, Any]:
    """Keep only items of this instrument with allowed values; raise for anything else."""
    items = defs.item_map(response.instrument.definition)
    errors = {}
    clean: dict[str, Any] = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            errors[code] = "This question is not part of the questionnaire"
        elif defs.is_text_item(item):
            text = str(value or "")
            if len(text) > int(item.get("max_length", 1000)):
                errors[code] = f"Your answer must be {item.get('max_length', 1000)} characters or fewer"
            else:
                clean[code] = text
        elif value is None:
            clean[code] = None
        elif not isinstance(value, int) or value not in defs.option_values(item):
            errors[code] = "Select one of the answers shown"
        else:
            clean[code] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def answers_save(*, response: Response, answers: dict[str, Any], mode: str, actor: User | None = None,
                 request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """Save one page of answers (each page saves). Returns the crisis alerts that fired now."""
    response = Response.objects.select_for_update().select_related("invitation", "instrument", "patient").get(
        pk=response.pk)
    invitation = response.invitation
    if mode == Response.Mode.PATIENT and (not invitation.is_open or response.completed_at is not None):
        raise ValidationError("These questions are closed and can no longer be answered")
    if invitation.status == S.CANCELLED:
        raise ValidationError("This invitation was cancelled; answers can no longer be recorded")
    clean = clean_answers(response=response, answers=answers)
    items = defs.item_map(response.instrument.definition)
    for code, value in clean.items():
        fields = {"text": value, "value": None} if defs.is_text_item(items[code]) else {"value": value, "text": ""}
        Answer.objects.update_or_create(response=response, item_code=code, defaults=fields)
    now = timezone.now()
    response.started_at = response.started_at or now
    response.mode = mode
    if getattr(actor, "is_authenticated", False):
        response.entered_by = actor
    response.save(update_fields=["started_at", "mode", "entered_by", "updated_at"])
    if invitation.status == S.INVITED:
        _transition(invitation, S.IN_PROGRESS, actor=actor or "patient", reason=f"answered ({mode})")
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "patient", obj=response,
              patient=response.patient, request=request,
              detail={"instrument": response.instrument.code, "items": sorted(clean), "mode": mode})
    item_alerts = [a for a in defs.alerts_for(response.instrument.definition, answer_values(response=response), None)
                   if "item" in a["when"]]
    fired = [a for a in item_alerts if _alert_raise(response=response, alert=a)]
    return [a for a in fired if a.get("crisis")]


def answer_values(*, response: Response) -> dict[str, Any]:
    return {a.item_code: (a.text if a.value is None and a.text else a.value) for a in response.answers.all()}


def _alert_raise(*, response: Response, alert: dict[str, Any]) -> bool:
    """Raise an alert once per response: a task for the team, and a plan pause if the alert asks."""
    if alert["code"] in response.alerts_raised:
        return False
    response.alerts_raised = [*response.alerts_raised, alert["code"]]
    response.save(update_fields=["alerts_raised", "updated_at"])
    task_create(patient=response.patient, kind=f"outcome_alert_{alert['code']}"[:40], title=alert["title"],
                priority=alert.get("priority", "normal"), source=response)
    if alert.get("pause_plan"):
        _plan_pause(patient=response.patient, reason=alert["title"], source=response)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=response, patient=response.patient,
              detail={"alert": alert["code"]})
    return True


def _plan_pause(*, patient: Patient, reason: str, source: Model) -> bool:
    try:
        from rose.plans.services import plan_pause_for_red_flag
    except ImportError:
        logger.warning("outcomes: plans not available; no plan paused")
        return False
    return bool(plan_pause_for_red_flag(patient=patient, reason=reason, source=source))


@transaction.atomic
def response_score(*, response: Response) -> Response:
    result = defs.score(response.instrument.definition, answer_values(response=response))
    response.score = result.total.value
    response.score_band = result.total.band[:60]
    prorated = "Prorated for missing questions" if result.total.prorated else ""
    response.score_note = result.total.reason[:200] or prorated
    response.subscores = result.as_json()
    response.instrument_version = result.version
    response.save(update_fields=["score", "score_band", "score_note", "subscores", "instrument_version",
                                 "updated_at"])
    for alert in result.alerts:
        if "score" in alert["when"]:
            _alert_raise(response=response, alert=alert)
    return response


@transaction.atomic
def response_complete(*, response: Response, actor: User | None = None, request: HttpRequest | None = None) -> Response:
    response = Response.objects.select_for_update().select_related("invitation", "instrument", "patient").get(
        pk=response.pk)
    if response.completed_at is None:
        response.completed_at = timezone.now()
        response.started_at = response.started_at or response.completed_at
        response.save(update_fields=["completed_at", "started_at", "updated_at"])
    response_score(response=response)
    invitation = Invitation.objects.select_for_update().get(pk=response.invitation_id)
    if invitation.is_open and not invitation.responses.filter(completed_at__isnull=True).exists():
        _transition(invitation, S.COMPLETED, actor=actor or "patient", reason="all questionnaires answered")
        timeline_add(patient=response.patient, kind="questionnaire",
                     summary=f"Questionnaires for {invitation.event.label} completed", actor=actor, source=invitation)
    audit_log(action=AuditAction.UPDATE, actor=actor, actor_label=None if actor else "patient", obj=response,
              patient=response.patient, request=request, detail={"event": "completed",
                                                                 "instrument": response.instrument.code})
    return response
