"""Delivery receipts and nightly reconciliation: a provider's answer about a text we sent, applied
once and never backwards."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.outbox import EARLY, backoff_seconds, provider_id_taken, record_event
from rose.messaging.providers import ProviderError, get_provider, provider_name

logger = logging.getLogger(__name__)


def _receipt_row(*, provider_id: str, reference: str, provider: str) -> Any:
    queryset = OutboundMessage.objects.all()
    if reference:
        try:
            return queryset.filter(pk=uuid.UUID(reference))
        except ValueError:
            return None
    if provider_id:
        return _same_provider(queryset.filter(provider_id=provider_id[:64]), provider)
    return None


def _same_provider(queryset: Any, provider: str) -> Any:
    """Twilio's callbacks touch only Twilio messages; Notify's never touch a Twilio message."""
    if provider == "twilio":
        return queryset.filter(provider="twilio")
    if provider:
        return queryset.exclude(provider="twilio")
    return queryset


def receipt_apply(*, provider_id: str = "", reference: str = "", status: str, detail: str = "",
                  provider: str = "") -> bool:
    """A delivery receipt (normalised status) for one of our messages. Idempotent; never moves a
    delivered or failed message backwards. Returns False when no message of ours matches.

    - A receipt naming a provider id that is not the row's current one (an earlier attempt's, a
      repeated technical failure) is ignored: it never sends the text again.
    - A receipt from another provider than the row's (a Twilio callback for a Notify text) is ignored.
    - A receipt arriving before the sender recorded the provider's answer (the row is still
      `sending`) is kept on the row and applied when the sender records the same provider id.
    - A receipt for a text queued again after an unanswered attempt shows the attempt did reach the
      provider: the row takes that provider id and the status (no second send).
    - A technical failure of the current send puts it back in the queue (safe to resend)."""
    queryset = _receipt_row(provider_id=provider_id, reference=reference, provider=provider)
    if queryset is None:
        return False
    provider_id = provider_id[:64]
    now = timezone.now()
    with transaction.atomic():
        message = queryset.select_for_update().first()
        if message is None:
            return False
        if provider and not _same_provider(OutboundMessage.objects.filter(pk=message.pk), provider).exists():
            logger.warning("Receipt from %s for a %s message ignored", provider, message.provider or "unsent")
            return False
        current = message.status
        if current in (MessageStatus.DELIVERED, MessageStatus.FAILED):
            return True
        if status not in ("delivered", "failed", "retry"):
            if current == MessageStatus.SENT and (not provider_id or provider_id == message.provider_id):
                OutboundMessage.objects.filter(pk=message.pk).update(provider_status=detail[:30], updated_at=now)
            return True
        if current == MessageStatus.SENDING:
            if provider_id:  # in flight: keep it until the sender records the provider's answer
                OutboundMessage.objects.filter(pk=message.pk).update(
                    provider_id=provider_id, provider_status=f"{EARLY}{status}", updated_at=now)
                record_event(message.pk, from_status=current, to_status=current, attempt=message.attempts,
                             detail=f"Receipt kept until the send is recorded: {detail or status}")
            return True
        if provider_id and message.provider_id and provider_id != message.provider_id \
                and not message.provider_status.startswith(EARLY):
            record_event(message.pk, from_status=current, to_status=current, attempt=message.attempts,
                         detail=f"Receipt for an earlier attempt ignored: {detail or status}")
            return True
        reached = current == MessageStatus.SENT or (
            current in (MessageStatus.QUEUED, MessageStatus.CANCELLED) and message.uncertain and provider_id
            and status != "retry" and not provider_id_taken(provider_id, message.pk))
        if not reached:
            return True  # a repeat, or nothing we sent: nothing to do
        fields: dict[str, Any] = {"provider_status": detail[:30], "updated_at": now, "lease_until": None}
        if current != MessageStatus.SENT:
            fields.update(provider_id=provider_id, sent_at=message.sent_at or now, uncertain=False,
                          claim_token="")
        if status == "delivered":
            fields.update(status=MessageStatus.DELIVERED, delivered_at=now)
        elif status == "failed":
            fields.update(status=MessageStatus.FAILED, failure_reason=(detail or "Not delivered")[:300])
        else:  # technical failure of the current send: not charged, safe to send again (after a backoff)
            fields.update(status=MessageStatus.QUEUED, provider_id="", uncertain=False,
                          send_after=now + dt.timedelta(seconds=backoff_seconds(message.attempts)))
        OutboundMessage.objects.filter(pk=message.pk).update(**fields)
        record_event(message.pk, from_status=current, to_status=fields["status"], attempt=message.attempts,
                     detail=f"Receipt: {detail or status}")
    return True


def reconcile_pending(*, limit: int = 5000) -> int:
    """Nightly: ask the provider about messages still 'sent' (no receipt) from the last 7 days."""
    name = provider_name()
    if name == "simulator":
        return 0
    provider = get_provider()
    now = timezone.now()
    rows = list(OutboundMessage.objects.filter(
        status=MessageStatus.SENT, sent_at__lt=now - dt.timedelta(hours=1), sent_at__gte=now - dt.timedelta(days=7)
    ).exclude(provider_id="").values_list("provider_id", flat=True)[:limit])
    updated = 0
    for provider_id in rows:
        try:
            status = provider.status(provider_id)
        except ProviderError:
            logger.warning("Reconciliation: provider did not answer; stopping until the next run")
            break
        if status and status != "pending" and receipt_apply(provider_id=provider_id, status=status,
                                                            detail=f"reconciled:{status}", provider=name):
            updated += 1
    return updated
