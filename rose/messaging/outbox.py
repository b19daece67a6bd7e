"""The outbox rows a sender holds: claiming due rows atomically, and each change the sender makes to
a row it has claimed (retry with backoff, fail, defer, release), each recorded as a MessageEvent.

Claiming: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, a compare-and-swap UPDATE on a
claim token elsewhere (SQLite). A claimed row is leased (ROSE_SMS_CLAIM_SECONDS); a worker killed
mid-batch leaves rows whose lease expires and another worker takes them.

Public to the sender (dispatch) and the receipt handler (receipts): claim_batch, owned (the row
while this claim still holds it), mark_retry, mark_failed, defer, release, record_event,
provider_id_taken, backoff_seconds and setting.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from rose.messaging.models import MessageEvent, MessageStatus, OutboundMessage
from rose.messaging.timing import next_allowed_time

# Replies to something the patient just sent: retried promptly, not held for quiet hours.
IMMEDIATE_PURPOSES = ("red_flag_reply", "keyword_reply", "safety_net_reply", "staff_reply")
# Automatic replies to the patient's own text: claimed first and exempt from the per-number cap.
REPLY_PURPOSES = ("red_flag_reply", "keyword_reply", "safety_net_reply")


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def record_event(message_id: Any, *, from_status: str, to_status: str, attempt: int, detail: str = "") -> None:
    MessageEvent.objects.create(message_id=message_id, at=timezone.now(), from_status=from_status,
                                to_status=to_status, attempt=attempt, detail=detail[:300])


def _due_queued(now: dt.datetime) -> Any:
    return OutboundMessage.objects.filter(status=MessageStatus.QUEUED, send_after__lte=now)


def _lease_expired(now: dt.datetime) -> Any:
    return OutboundMessage.objects.filter(status=MessageStatus.SENDING, lease_until__lt=now)


def _purposes(queryset: Any, replies_only: bool) -> Any:
    if replies_only:
        return queryset.filter(purpose__in=REPLY_PURPOSES)
    return queryset


def claim_batch(*, size: int, worker_id: str = "", replies_only: bool = False, token: str = ""
                ) -> tuple[str, list[OutboundMessage]]:
    """Claim up to `size` due rows for this worker. Each row is claimed by exactly one worker.
    `replies_only` takes only replies to the patient's own text (claimed first, so a crisis reply
    never waits behind a backlog)."""
    token = token or str(uuid.uuid4())
    now = timezone.now()
    lease = now + dt.timedelta(seconds=float(setting("ROSE_SMS_CLAIM_SECONDS", 300)))
    if size <= 0:
        return token, []
    expired_q = _purposes(_lease_expired(now), replies_only)
    queued_q = _purposes(_due_queued(now), replies_only)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(expired_q.select_for_update(skip_locked=True).order_by("lease_until")
                       .values_list("id", flat=True)[:size])
            ids += list(queued_q.select_for_update(skip_locked=True).order_by("send_after")
                        .values_list("id", flat=True)[:size - len(ids)])
            if ids:
                OutboundMessage.objects.filter(id__in=ids).update(
                    status=MessageStatus.SENDING, claim_token=token, lease_until=lease, updated_at=now)
    else:
        expired = list(expired_q.order_by("lease_until").values_list("id", flat=True)[:size])
        queued = list(queued_q.order_by("send_after").values_list("id", flat=True)[:size - len(expired)])
        with transaction.atomic():
            # Compare-and-swap: only rows still in the state we read are taken.
            if expired:
                _lease_expired(now).filter(id__in=expired).update(
                    claim_token=token, lease_until=lease, updated_at=now)
            if queued:
                _due_queued(now).filter(id__in=queued).update(
                    status=MessageStatus.SENDING, claim_token=token, lease_until=lease, updated_at=now)
    rows = list(OutboundMessage.objects.filter(claim_token=token, status=MessageStatus.SENDING)
                .select_related("patient"))
    return token, rows


def owned(message: OutboundMessage, token: str) -> Any:
    return OutboundMessage.objects.filter(pk=message.pk, claim_token=token, status=MessageStatus.SENDING)


def backoff_seconds(attempt: int) -> float:
    base = float(setting("ROSE_SMS_RETRY_BASE_SECONDS", 30))
    cap = float(setting("ROSE_SMS_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * (2 ** max(0, attempt - 1))) * random.uniform(0.5, 1.5)


EARLY = "early:"  # provider_status prefix of a receipt that arrived before the sender recorded the answer


def provider_id_taken(provider_id: str, message_pk: Any) -> bool:
    """True when another row already holds this provider id: it is never recorded twice."""
    return bool(provider_id) and OutboundMessage.objects.filter(provider_id=provider_id).exclude(
        pk=message_pk).exists()



def mark_retry(message: OutboundMessage, token: str, *, reason: str, uncertain: bool) -> str:
    attempts = message.attempts
    now = timezone.now()
    if attempts >= int(setting("ROSE_SMS_MAX_ATTEMPTS", 10)):
        mark_failed(message, token, reason=f"Gave up after {attempts} attempts: {reason}")
        return "failed"
    patient = message.patient  # None only for a crisis reply to an unknown number (always immediate)
    when = next_allowed_time(now + dt.timedelta(seconds=backoff_seconds(attempts)),
                             contact_from=getattr(patient, "contact_from", None),
                             contact_until=getattr(patient, "contact_until", None))
    if message.purpose in IMMEDIATE_PURPOSES:
        when = now + dt.timedelta(seconds=backoff_seconds(attempts))  # replies are not held for quiet hours
    with transaction.atomic():
        done = owned(message, token).update(
            status=MessageStatus.QUEUED, send_after=when, uncertain=uncertain,
            failure_reason=reason[:300], lease_until=None, updated_at=now)
        if done:
            record_event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                         attempt=attempts, detail=f"Retry at {when.isoformat()}: {reason}")
    return "retried"


def mark_failed(message: OutboundMessage, token: str, *, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        done = owned(message, token).update(status=MessageStatus.FAILED, failure_reason=reason[:300],
                                            lease_until=None, uncertain=False, updated_at=now)
        if done:
            record_event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.FAILED,
                         attempt=message.attempts, detail=reason)


def defer(message: OutboundMessage, token: str, *, until: dt.datetime, reason: str) -> None:
    with transaction.atomic():
        if owned(message, token).update(status=MessageStatus.QUEUED, send_after=until, lease_until=None,
                                        updated_at=timezone.now()):
            record_event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                         attempt=message.attempts, detail=reason)



def release(rows: list[OutboundMessage], token: str, *, reason: str, until: dt.datetime | None = None) -> int:
    """Give claimed rows back at once (the worker is stopping, or the provider said 429)."""
    released = 0
    for row in rows:
        with transaction.atomic():
            fields: dict[str, Any] = {"status": MessageStatus.QUEUED, "lease_until": None, "claim_token": "",
                                      "updated_at": timezone.now()}
            if until is not None:
                fields["send_after"] = until
            if owned(row, token).update(**fields):
                record_event(row.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                             attempt=row.attempts, detail=reason)
                released += 1
    return released
