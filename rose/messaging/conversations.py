"""Conversations in the nurse inbox: assigning, closing (with the outcome note an urgent one needs, and
the red-flag tasks it closes with it), replying to a patient, and handling a text from an unknown number.

Putting an item in the inbox (`inbox_item_create`) stays in rose.messaging.services, the interface other
apps call; this module is what the team's own pages do with a conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.messaging.models import Conversation, ConversationEvent, InboundMessage, OutboundMessage
from rose.messaging.services import _conversation_for, _message_create, message_can_text

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import User
    from rose.patients.models import Patient

@transaction.atomic
def conversation_assign(*, conversation: Conversation, assignee: User | None, actor: User,
                        request: HttpRequest | None = None) -> Conversation:
    conversation.assigned_to = assignee
    conversation.save(update_fields=["assigned_to", "updated_at"])
    ConversationEvent.objects.create(conversation=conversation, at=timezone.now(), kind="assigned", actor=actor,
                                     detail=f"user:{assignee.pk}" if assignee else "unassigned")
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=conversation, patient=conversation.patient_id,
              request=request, detail={"assigned_to": str(assignee.pk) if assignee else None})
    return conversation


def conversation_needs_outcome(conversation: Conversation | None) -> bool:
    """True while the conversation holds an urgent item not yet handled: closing it needs a note."""
    return conversation is not None and conversation.items.filter(urgent=True, handled_at__isnull=True).exists()


@transaction.atomic
def conversation_handle(*, conversation: Conversation, actor: User, request: HttpRequest | None = None,
                        outcome: str = "") -> Conversation:
    """Close a conversation and its open items. With an urgent item open, `outcome` (what was done)
    is required. The urgent red-flag tasks raised by the same texts are closed with it, so one
    event is closed once, not once in the inbox and again in the task list."""
    outcome = (outcome or "").strip()
    if not outcome and conversation_needs_outcome(conversation):
        raise ValidationError("Enter what was done: this conversation has an urgent item")
    now = timezone.now()
    inbound_ids = [str(pk) for pk in conversation.items.filter(handled_at__isnull=True, inbound__isnull=False)
                   .values_list("inbound_id", flat=True)]
    conversation.status = Conversation.Status.HANDLED
    conversation.urgent = False
    conversation.handled_by = actor
    conversation.handled_at = now
    conversation.save(update_fields=["status", "urgent", "handled_by", "handled_at", "updated_at"])
    conversation.items.filter(handled_at__isnull=True).update(handled_at=now)
    InboundMessage.objects.filter(patient_id=conversation.patient_id, handled_at__isnull=True).update(
        handled_at=now, handled_by=actor)
    ConversationEvent.objects.create(conversation=conversation, at=now, kind="handled", actor=actor,
                                     detail="With an outcome note" if outcome else "", note=outcome[:1000])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=conversation, patient=conversation.patient_id,
              request=request, detail={"status": "handled", "outcome_note": bool(outcome)})
    _close_red_flag_tasks(conversation=conversation, inbound_ids=inbound_ids, actor=actor, request=request,
                          outcome=outcome)
    return conversation


def _close_red_flag_tasks(*, conversation: Conversation, inbound_ids: list[str], actor: User,
                          request: HttpRequest | None,
                          outcome: str) -> None:
    """The red-flag tasks of the texts just handled, and the escalation tasks about this conversation,
    close with it and carry the same note (docs/worklist.md)."""
    from django.db.models import Q

    from rose.patients.models import Task
    from rose.patients.services import task_complete

    linked = Q(kind="escalation", source_type=Conversation._meta.label, source_id=str(conversation.pk))
    if inbound_ids:
        linked |= Q(kind="red_flag_text", source_type=InboundMessage._meta.label, source_id__in=inbound_ids)
    for task in Task.objects.filter(linked, patient_id=conversation.patient_id, status=Task.Status.OPEN):
        task_complete(task=task, actor=actor, request=request,
                      outcome=outcome or "Closed with the patient's conversation in the inbox")


@transaction.atomic
def staff_reply_send(*, patient: Patient, body: str, actor: User, template: str = "", request: HttpRequest | None = None
                     ) -> OutboundMessage | None:
    """A reply typed (or picked from a saved template) by the team. Goes now, not held for quiet
    hours (the patient has just written to us), but never to a patient who opted out."""
    if not message_can_text(patient=patient):
        return None
    message = _message_create(patient=patient, purpose="staff_reply", body=body, respect_quiet_hours=False,
                              template=template, actor=actor)
    conversation = _conversation_for(patient)
    conversation.last_activity_at = timezone.now()
    conversation.save(update_fields=["last_activity_at", "updated_at"])
    audit_log(action=AuditAction.CREATE, actor=actor, obj=message, patient=patient, request=request,
              detail={"purpose": "staff_reply", "template": template})
    return message


@transaction.atomic
def unmatched_handle(*, inbound: InboundMessage, actor: User, request: HttpRequest | None = None) -> InboundMessage:
    inbound.handled_at = timezone.now()
    inbound.handled_by = actor
    inbound.save(update_fields=["handled_at", "handled_by", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=inbound, request=request, detail={"handled": True})
    return inbound
