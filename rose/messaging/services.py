"""Writes for messaging: the outbox, cancelling, the nurse inbox and conversations.

Every outgoing text is an OutboundMessage row written in the caller's transaction (a
transactional outbox); the dispatcher (rose.messaging.dispatch) sends it later.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rose.audit.models import AuditAction, AuditEvent
from rose.audit.services import audit_entry, audit_log, audit_log_many
from rose.messaging.bulk import rows_insert
from rose.messaging.models import (
    Conversation,
    ConversationEvent,
    InboundMessage,
    InboxItem,
    MessageEvent,
    MessageStatus,
    OutboundMessage,
)
from rose.messaging.sms import MAX_LENGTH, normalise_mobile, text_size
from rose.messaging.timing import next_allowed_time, quiet_hours
from rose.patients.models import Consent, PatientStatus

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from rose.accounts.models import User
    from rose.patients.models import Patient

logger = logging.getLogger(__name__)

# Observation kind a reply to each purpose answers (callers may also pass `expects=`).
PURPOSE_EXPECTS = {"checkin_pain": "pain_score", "checkin_dose": "dose_as_planned"}


def related_key(related: Model | None) -> tuple[str, str]:
    if related is None:
        return "", ""
    return related._meta.label, str(related.pk)


def message_can_text(*, patient: Patient) -> bool:
    """True when the patient may be sent routine texts: active, a mobile, consent not withdrawn."""
    return patient.pk in patients_can_text(patients=[patient])


NOT_TEXTABLE_WORDS = {
    "discharged": "the patient has been discharged",
    "died": "the patient is recorded as having died",
    "no_mobile": "the patient has no mobile number",
    "no_consent": "the patient has not agreed to texts",
}


def why_not_textable(*, patient: Patient) -> str:
    """Why the patient may not be sent routine texts, as a key of NOT_TEXTABLE_WORDS ("" when they may:
    the same rule as `message_can_text`, with the reason). For pages that tell staff why."""
    if patient.status == PatientStatus.DISCHARGED:
        return "discharged"
    if patient.status != PatientStatus.ACTIVE:
        return "died"
    if not normalise_mobile(patient.mobile):
        return "no_mobile"
    return "" if message_can_text(patient=patient) else "no_consent"


def texts_in_last_day(*, patient: Patient, purpose: str) -> int:
    """Texts of one purpose made for the patient in the last 24 hours (for limits on texts sent by hand)."""
    return OutboundMessage.objects.filter(patient=patient, purpose=purpose,
                                          created_at__gte=timezone.now() - dt.timedelta(hours=24)).count()


def patients_can_text(*, patients: list[Patient]) -> set[uuid.UUID]:
    """The ids of those patients who may be sent routine texts (`message_can_text` for many at once:
    one query). Consent is each patient's latest `texts` consent row, as `patient_has_consent` reads it."""
    candidates = [p.pk for p in patients if p.status == PatientStatus.ACTIVE and normalise_mobile(p.mobile)]
    if not candidates:
        return set()
    latest: dict[uuid.UUID, bool] = {}
    for patient_id, given in (Consent.objects.filter(patient_id__in=candidates, kind=Consent.Kind.TEXTS)
                              .order_by("created_at").values_list("patient_id", "given")):
        latest[patient_id] = given  # the later row wins: the current answer
    return {patient_id for patient_id, given in latest.items() if given}


def _user_id(actor: User | None) -> uuid.UUID | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _message_values(*, patient: Patient, purpose: str, body: str, now: dt.datetime, due_at: dt.datetime | None = None,
                    related: Model | None = None, respect_quiet_hours: bool = True, expects: str = "",
                    template: str = "",
                    actor: User | None = None, sizes: dict[str, Any] | None = None, to_number: str = "",
                    related_keys: dict[int, tuple[str, str]] | None = None,
                    quiet: tuple[dt.time, dt.time] | None = None) -> dict[str, Any]:
    """One outbox row's own values (quiet hours, size and cost worked out); `sizes` and `related_keys`
    are caches a batch shares. Everything else about a new row is the model's default."""
    if not body or len(body) > MAX_LENGTH:
        raise ValidationError(f"A text must have between 1 and {MAX_LENGTH} characters")
    due = due_at or now
    send_after = due
    if respect_quiet_hours:
        send_after = next_allowed_time(due, contact_from=patient.contact_from, contact_until=patient.contact_until,
                                       quiet=quiet)
    size = sizes.get(body) if sizes is not None else None
    if size is None:
        size = text_size(body)
        if sizes is not None:
            sizes[body] = size
    key = related_keys.get(id(related)) if related_keys is not None else None
    if key is None:
        key = related_key(related)
        if related_keys is not None:
            related_keys[id(related)] = key
    return {"id": uuid.uuid4(), "programme_id": patient.programme_id, "patient_id": patient.pk,
            "to_number": to_number or normalise_mobile(patient.mobile), "purpose": purpose[:40],
            "template": template[:60], "body": body, "expects": expects or PURPOSE_EXPECTS.get(purpose, ""),
            "due_at": due, "send_after": send_after, "encoding": size.encoding, "fragments": size.fragments,
            "cost_pence": size.cost_pence, "related_type": key[0], "related_id": key[1],
            "created_by_id": _user_id(actor)}


def _message_build(*, patient: Patient, purpose: str, body: str, now: dt.datetime, due_at: dt.datetime | None = None,
                   related: Model | None = None, respect_quiet_hours: bool = True, expects: str = "",
                   template: str = "",
                   actor: User | None = None) -> OutboundMessage:
    """An unsaved outbox row (quiet hours, size and cost worked out)."""
    message = OutboundMessage(**_message_values(
        patient=patient, purpose=purpose, body=body, now=now, due_at=due_at, related=related,
        respect_quiet_hours=respect_quiet_hours, expects=expects, template=template, actor=actor))
    message.patient = patient
    return message


def _queued_detail(send_after: dt.datetime) -> str:
    return f"Scheduled for {send_after.isoformat()}"


def _queued_event(message: OutboundMessage, now: dt.datetime) -> MessageEvent:
    return MessageEvent(message=message, at=now, to_status=MessageStatus.QUEUED, actor_id=message.created_by_id,
                        detail=_queued_detail(message.send_after))


def _message_create(*, patient: Patient, purpose: str, body: str, due_at: dt.datetime | None = None,
                    related: Model | None = None, respect_quiet_hours: bool = True, expects: str = "",
                    template: str = "", actor: User | None = None) -> OutboundMessage:
    """Write an outbox row with no consent checks (keyword confirmations, crisis replies)."""
    now = timezone.now()
    message = _message_build(patient=patient, purpose=purpose, body=body, now=now, due_at=due_at, related=related,
                             respect_quiet_hours=respect_quiet_hours, expects=expects, template=template,
                             actor=actor)
    message.save(force_insert=True)
    _queued_event(message, now).save()
    return message


@transaction.atomic
def message_schedule(*, patient: Patient, purpose: str, body: str, due_at: dt.datetime | None = None,
                     related: Model | None = None, respect_quiet_hours: bool = True, expects: str = "",
                     actor: User | None = None) -> OutboundMessage | None:
    """Queue a text in the caller's transaction. None (nothing written) when the patient has no
    mobile, has not consented to texts or has opted out, or is not active."""
    if not message_can_text(patient=patient):
        return None
    return _message_queue(patient=patient, purpose=purpose, body=body, due_at=due_at, related=related,
                          respect_quiet_hours=respect_quiet_hours, expects=expects, actor=actor)


@transaction.atomic
def messages_schedule(*, patient: Patient, texts: list[dict[str, Any]], actor: User | None = None) -> int:
    """Queue several texts to one patient (a plan's nudges and check-ins) in the caller's
    transaction: the checks of `message_schedule` run once, the rows and their first history rows
    are written in bulk, and ONE audit row records the batch (the object they are about, every
    message id and purpose; hazard H-MSG-29). `texts` holds `message_schedule`'s keyword
    arguments. Returns how many were queued."""
    return messages_schedule_many(batches=[(patient, texts)], actor=actor)


def messages_schedule_many(*, batches: list[tuple[Patient, list[dict[str, Any]]]], actor: User | None = None) -> int:
    """`messages_schedule` for many patients at once (a batch of plans), in a constant number of
    queries whatever the number of patients or texts: one consent query for all of them, the outbox
    rows and their first history rows in bulk (COPY on PostgreSQL), one audit row per batch entry.
    A patient who may not be texted gets nothing. Returns how many texts were queued."""
    batches = [(patient, texts) for patient, texts in batches if texts]
    if not batches:
        return 0
    allowed = patients_can_text(patients=[patient for patient, _ in batches])
    now = timezone.now()
    sizes: dict[str, Any] = {}
    related_keys: dict[int, tuple[str, str]] = {}
    quiet = quiet_hours()
    rows: list[dict[str, Any]] = []
    audits = []
    for patient, texts in batches:
        if patient.pk not in allowed:
            continue
        by = actor or next((text["actor"] for text in texts if text.get("actor")), None)
        number = normalise_mobile(patient.mobile)
        mine = [_message_values(patient=patient, now=now, sizes=sizes, related_keys=related_keys, quiet=quiet, actor=by,
                                to_number=number, **{k: v for k, v in text.items() if k != "actor"})
                for text in texts]
        rows.extend(mine)
        audits.append(_batch_audit(patient=patient, texts=texts, rows=mine, actor=by))
    with transaction.atomic(savepoint=False):
        rows_insert(OutboundMessage, rows=rows)
        rows_insert(MessageEvent, common={"at": now, "to_status": MessageStatus.QUEUED}, rows=[
            {"message_id": row["id"], "actor_id": row["created_by_id"], "detail": _queued_detail(row["send_after"])}
            for row in rows])
        audit_log_many(audits)
    return len(rows)


def _batch_audit(*, patient: Patient, texts: list[dict[str, Any]], rows: list[dict[str, Any]],
                 actor: User | None) -> AuditEvent:
    """ONE audit row for one patient's texts: about the object they share (a plan), else the first text."""
    related = {related_key(text.get("related")) for text in texts}
    about = texts[0].get("related") if len(related) == 1 and texts[0].get("related") is not None else None
    return audit_entry(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system",
                       obj=about or OutboundMessage(pk=rows[0]["id"]), patient=patient,
                       detail={"texts_queued": len(rows), "purposes": sorted({row["purpose"] for row in rows}),
                               "message_ids": [str(row["id"]) for row in rows]})


def _message_queue(*, patient: Patient, actor: User | None = None, purpose: str, body: str,
                   due_at: dt.datetime | None = None, related: Model | None = None, respect_quiet_hours: bool = True,
                   expects: str = "") -> OutboundMessage:
    message = _message_create(patient=patient, actor=actor, purpose=purpose, body=body, due_at=due_at,
                              related=related, respect_quiet_hours=respect_quiet_hours, expects=expects)
    audit_log(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system", obj=message,
              patient=patient, detail={"purpose": message.purpose})
    return message


def _cancellable() -> Q:
    """Queued texts, and texts a worker has claimed but not yet started to send (a text in flight,
    marked `uncertain` under the row lock just before the provider call, cannot be called back)."""
    return Q(status=MessageStatus.QUEUED) | Q(status=MessageStatus.SENDING, uncertain=False)


def _cancel(queryset: QuerySet[OutboundMessage], *, reason: str, actor: User | None = None) -> int:
    """Cancel in the caller's transaction. The rows are locked first: a sender checking a row
    just before its provider call holds the same lock, so each text is either cancelled here or
    already in flight, never sent after this transaction commits."""
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        rows = list(queryset.filter(_cancellable()).select_for_update().values_list("id", "status"))
        if not rows:
            return 0
        ids = [pk for pk, _ in rows]
        count = OutboundMessage.objects.filter(_cancellable(), id__in=ids).update(
            status=MessageStatus.CANCELLED, failure_reason=reason[:300], lease_until=None, updated_at=now)
        MessageEvent.objects.bulk_create([
            MessageEvent(message_id=pk, at=now, from_status=status, to_status=MessageStatus.CANCELLED,
                         detail=reason[:300], actor=actor if getattr(actor, "is_authenticated", False) else None)
            for pk, status in rows])
    return count


@transaction.atomic
def message_cancel_for(*, related: Model | None, purpose: str | None = None, reason: str = "Cancelled: plans changed",
                       purposes: tuple[str, ...] = ()) -> int:
    """Cancel unsent texts about an object (a session moved, a plan changed), optionally only
    those of one `purpose` or of several `purposes`. Returns how many."""
    return messages_cancel_for_all(related=[related], purposes=(purpose,) if purpose else purposes, reason=reason)


def messages_cancel_for_all(*, related: Sequence[Model | None], purposes: tuple[str, ...] = (),
                            reason: str = "Cancelled: plans changed") -> int:
    """`message_cancel_for` for many objects at once (a batch of plans): one locked query. Returns how many."""
    ids_by_type: dict[str, list[str]] = {}
    for related_type, related_id in {related_key(obj) for obj in related}:
        ids_by_type.setdefault(related_type, []).append(related_id)
    if not ids_by_type:
        return 0
    about = Q()
    for related_type, ids in ids_by_type.items():
        about |= Q(related_type=related_type, related_id__in=ids)
    queryset = OutboundMessage.objects.filter(about)
    if purposes:
        queryset = queryset.filter(purpose__in=purposes)
    return _cancel(queryset, reason=reason)


@transaction.atomic
def messages_cancel_for_patient(*, patient_id: uuid.UUID, reason: str, actor: User | None = None,
                                keep_purposes: tuple[str, ...] = ()) -> int:
    queryset = OutboundMessage.objects.filter(patient_id=patient_id).exclude(purpose__in=keep_purposes)
    return _cancel(queryset, reason=reason, actor=actor)


def on_patient_status_change(*, patient_id: uuid.UUID, status: str) -> None:
    """patients.hooks.status_changed (in the status change's transaction): a discharged or deceased
    patient gets no more texts."""
    if status != PatientStatus.ACTIVE:
        messages_cancel_for_patient(patient_id=patient_id, reason=f"Cancelled: patient {status}")


def on_consent_change(*, patient: Patient, kind: str, given: bool) -> None:
    """patients.hooks.consent_changed (in the consent's transaction): consent to texts withdrawn, by
    STOP or by staff, cancels every queued text except a crisis reply or keyword confirmation
    (they answer the patient's own text)."""
    if kind == "texts" and not given:
        messages_cancel_for_patient(patient_id=patient.pk, reason="Cancelled: consent to texts withdrawn",
                                    keep_purposes=("red_flag_reply", "keyword_reply", "safety_net_reply"))


# --- the nurse inbox -----------------------------------------------------------------------------

def _conversation_for(patient: Patient) -> Conversation:
    conversation, _ = Conversation.objects.get_or_create(
        patient=patient, defaults={"programme_id": patient.programme_id, "last_activity_at": timezone.now()})
    return conversation


@transaction.atomic
def inbox_item_create(*, patient: Patient, summary: str, urgent: bool = False, source: Model | None = None,
                      inbound: InboundMessage | None = None) -> InboxItem:
    """Put an item in the nurse inbox: the patient's conversation reopens (and turns urgent)."""
    conversation = Conversation.objects.select_for_update().filter(pk=_conversation_for(patient).pk).get()
    now = timezone.now()
    reopened = conversation.status == Conversation.Status.HANDLED
    conversation.status = Conversation.Status.OPEN
    conversation.urgent = conversation.urgent or urgent
    conversation.last_activity_at = now
    conversation.save(update_fields=["status", "urgent", "last_activity_at", "updated_at"])
    if reopened:
        ConversationEvent.objects.create(conversation=conversation, at=now, kind="reopened",
                                         detail="Urgent item" if urgent else "New item")
    source_type, source_id = related_key(source)
    item = InboxItem.objects.create(conversation=conversation, patient=patient, summary=summary[:300], urgent=urgent,
                                    inbound=inbound, source_type=source_type, source_id=source_id)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=item, patient=patient,
              detail={"urgent": urgent})
    return item
