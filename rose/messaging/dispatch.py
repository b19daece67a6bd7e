"""The senders: claim due outbox rows atomically, send them, record every attempt.

Claiming: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, a compare-and-swap UPDATE on a
claim token elsewhere (SQLite). A claimed row is leased (ROSE_SMS_CLAIM_SECONDS); a worker killed
mid-batch leaves rows whose lease expires and another worker takes them. Before each provider
call the row is marked `uncertain`; the next attempt on an uncertain row first asks the provider
for a message with our reference (the row's UUID), so a timeout after acceptance never sends twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from rose.messaging.models import MessageEvent, MessageStatus, OutboundMessage
from rose.messaging.providers import Provider, ProviderError, get_provider, provider_name
from rose.messaging.providers.base import ACCEPTED, FAILED
from rose.messaging.timing import next_allowed_time

logger = logging.getLogger(__name__)
# Replies to something the patient just sent: retried promptly, not held for quiet hours.
IMMEDIATE_PURPOSES = ("red_flag_reply", "keyword_reply", "safety_net_reply", "staff_reply")
# Automatic replies to the patient's own text: exempt from the per-number cap (but counted).
REPLY_PURPOSES = ("red_flag_reply", "keyword_reply", "safety_net_reply")


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    found_by_reference: int = 0
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


def _event(message_id: Any, *, from_status: str, to_status: str, attempt: int, detail: str = "") -> None:
    MessageEvent.objects.create(message_id=message_id, at=timezone.now(), from_status=from_status,
                                to_status=to_status, attempt=attempt, detail=detail[:300])


def _due_queued(now: dt.datetime) -> Any:
    return OutboundMessage.objects.filter(status=MessageStatus.QUEUED, send_after__lte=now)


def _lease_expired(now: dt.datetime) -> Any:
    return OutboundMessage.objects.filter(status=MessageStatus.SENDING, lease_until__lt=now)


def claim_batch(*, size: int, worker_id: str = "") -> tuple[str, list[OutboundMessage]]:
    """Claim up to `size` due rows for this worker. Each row is claimed by exactly one worker."""
    token = str(uuid.uuid4())
    now = timezone.now()
    lease = now + dt.timedelta(seconds=float(_setting("ROSE_SMS_CLAIM_SECONDS", 300)))
    if size <= 0:
        return token, []
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(_lease_expired(now).select_for_update(skip_locked=True).order_by("lease_until")
                       .values_list("id", flat=True)[:size])
            ids += list(_due_queued(now).select_for_update(skip_locked=True).order_by("send_after")
                        .values_list("id", flat=True)[:size - len(ids)])
            if ids:
                OutboundMessage.objects.filter(id__in=ids).update(
                    status=MessageStatus.SENDING, claim_token=token, lease_until=lease, updated_at=now)
    else:
        expired = list(_lease_expired(now).order_by("lease_until").values_list("id", flat=True)[:size])
        queued = list(_due_queued(now).order_by("send_after").values_list("id", flat=True)[:size - len(expired)])
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


def _owned(message: OutboundMessage, token: str) -> Any:
    return OutboundMessage.objects.filter(pk=message.pk, claim_token=token, status=MessageStatus.SENDING)


def _backoff_seconds(attempt: int) -> float:
    base = float(_setting("ROSE_SMS_RETRY_BASE_SECONDS", 30))
    cap = float(_setting("ROSE_SMS_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * (2 ** max(0, attempt - 1))) * random.uniform(0.5, 1.5)


def _mark_sent(message: OutboundMessage, token: str, *, provider: str, provider_id: str, delivered: bool,
               detail: str) -> bool:
    now = timezone.now()
    status = MessageStatus.DELIVERED if delivered else MessageStatus.SENT
    with transaction.atomic():
        done = _owned(message, token).update(
            status=status, provider=provider, provider_id=provider_id[:64], sent_at=now, uncertain=False,
            delivered_at=now if delivered else None, lease_until=None, failure_reason="", updated_at=now)
        if done:
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=status, attempt=message.attempts,
                   detail=detail)
    return bool(done)


def _mark_retry(message: OutboundMessage, token: str, *, reason: str, uncertain: bool) -> str:
    attempts = message.attempts
    now = timezone.now()
    if attempts >= int(_setting("ROSE_SMS_MAX_ATTEMPTS", 10)):
        _mark_failed(message, token, reason=f"Gave up after {attempts} attempts: {reason}")
        return "failed"
    patient = message.patient  # None only for a crisis reply to an unknown number (always immediate)
    when = next_allowed_time(now + dt.timedelta(seconds=_backoff_seconds(attempts)),
                             contact_from=getattr(patient, "contact_from", None),
                             contact_until=getattr(patient, "contact_until", None))
    if message.purpose in IMMEDIATE_PURPOSES:
        when = now + dt.timedelta(seconds=_backoff_seconds(attempts))  # replies are not held for quiet hours
    with transaction.atomic():
        done = _owned(message, token).update(
            status=MessageStatus.QUEUED, send_after=when, uncertain=uncertain,
            failure_reason=reason[:300], lease_until=None, updated_at=now)
        if done:
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED, attempt=attempts,
                   detail=f"Retry at {when.isoformat()}: {reason}")
    return "retried"


def _mark_failed(message: OutboundMessage, token: str, *, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        done = _owned(message, token).update(status=MessageStatus.FAILED, failure_reason=reason[:300],
                                             lease_until=None, uncertain=False, updated_at=now)
        if done:
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.FAILED,
                   attempt=message.attempts, detail=reason)


def _defer(message: OutboundMessage, token: str, *, until: dt.datetime, reason: str) -> None:
    with transaction.atomic():
        if _owned(message, token).update(status=MessageStatus.QUEUED, send_after=until, lease_until=None,
                                         updated_at=timezone.now()):
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                   attempt=message.attempts, detail=reason)


def send_one(message: OutboundMessage, token: str, provider: Provider, stats: DispatchStats) -> None:
    """One attempt at one claimed message. Never raises: one bad row never stops a batch."""
    try:
        if message.uncertain:
            try:
                found = provider.find_by_reference(message)
            except ProviderError as error:
                stats.add(_mark_retry(message, token, reason=f"Could not check earlier attempt: {error}",
                                      uncertain=True))
                return
            if found:
                _mark_sent(message, token, provider=provider.name, provider_id=found, delivered=False,
                           detail="Found at the provider by reference after an unanswered attempt; not resent")
                stats.add("found_by_reference")
                return
        message.attempts += 1
        if not _owned(message, token).update(attempts=message.attempts, uncertain=True, provider=provider.name):
            return  # our lease was taken over; the other worker owns it now
        result = provider.send(message)
        if result.outcome == ACCEPTED:
            _mark_sent(message, token, provider=provider.name, provider_id=result.provider_id,
                       delivered=result.delivered, detail=f"Accepted by {provider.name}")
            stats.add("sent")
        elif result.outcome == FAILED:
            _mark_failed(message, token, reason=result.reason)
            stats.add("failed")
        else:
            stats.add(_mark_retry(message, token, reason=result.reason, uncertain=result.uncertain))
    except Exception as error:
        logger.exception("Sending outbound message %s failed", message.pk)
        stats.add("errors")
        try:
            _mark_retry(message, token, reason=f"Unexpected error: {type(error).__name__}", uncertain=True)
        except Exception:
            logger.exception("Could not release outbound message %s", message.pk)


def _apply_number_limit(rows: list[OutboundMessage], token: str, stats: DispatchStats) -> list[OutboundMessage]:
    """At most ROSE_SMS_PER_NUMBER_PER_HOUR texts to one number in any hour; the rest wait. Replies
    to the patient's own text (a crisis reply, a STOP confirmation) are exempt but counted."""
    limit = int(_setting("ROSE_SMS_PER_NUMBER_PER_HOUR", 20))
    now = timezone.now()
    numbers = {row.to_number for row in rows}
    counts = dict(OutboundMessage.objects.filter(to_number__in=numbers, sent_at__gte=now - dt.timedelta(hours=1))
                  .values_list("to_number").annotate(n=Count("id")).values_list("to_number", "n"))
    keep = []
    for row in sorted(rows, key=lambda r: r.purpose not in REPLY_PURPOSES):
        if row.purpose not in REPLY_PURPOSES and counts.get(row.to_number, 0) >= limit:
            _defer(row, token, until=now + dt.timedelta(minutes=10),
                   reason=f"Deferred: {limit} texts to this number in the last hour")
            stats.add("deferred")
            continue
        counts[row.to_number] = counts.get(row.to_number, 0) + 1
        keep.append(row)
    return keep


def _rate_budget() -> int:
    per_minute = int(_setting("ROSE_SMS_RATE_PER_MINUTE", 3000))
    now = timezone.now()
    recent = OutboundMessage.objects.filter(sent_at__gte=now - dt.timedelta(minutes=1)).count()
    in_flight = OutboundMessage.objects.filter(status=MessageStatus.SENDING, lease_until__gte=now).count()
    return max(0, per_minute - recent - in_flight)


def _send_rows(rows: list[OutboundMessage], token: str, stats: DispatchStats, threads: int) -> None:
    # Other threads have their own connections: they cannot see rows of an open transaction.
    if threads <= 1 or connection.vendor == "sqlite" or connection.in_atomic_block or len(rows) == 1:
        provider = get_provider()
        for row in rows:
            send_one(row, token, provider, stats)
        return
    work: queue.SimpleQueue[OutboundMessage] = queue.SimpleQueue()
    for row in rows:
        work.put(row)

    def sender() -> None:
        try:
            provider = get_provider()  # one provider client per thread
            while True:
                try:
                    row = work.get_nowait()
                except queue.Empty:
                    return
                send_one(row, token, provider, stats)
        finally:
            connection.close()

    pool = [threading.Thread(target=sender, name=f"rose-sms-{i}") for i in range(min(threads, len(rows)))]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def dispatch_due(*, worker_id: str = "", max_seconds: float | None = None, batch_size: int | None = None,
                 threads: int | None = None) -> DispatchStats:
    """Send everything due, batch by batch, within the rate limit and a time budget."""
    stats = DispatchStats()
    size = int(batch_size or _setting("ROSE_SMS_BATCH_SIZE", 200))
    threads = int(threads or _setting("ROSE_SMS_SEND_THREADS", 8))
    budget_seconds = float(max_seconds if max_seconds is not None else _setting("ROSE_SMS_DISPATCH_SECONDS", 50))
    started = time.monotonic()
    while time.monotonic() - started < budget_seconds:
        allowed = min(size, _rate_budget())
        if allowed <= 0:
            break  # the next run (a few seconds on) has budget again
        token, rows = claim_batch(size=allowed, worker_id=worker_id)
        if not rows:
            break
        stats.claimed += len(rows)
        rows = _apply_number_limit(rows, token, stats)
        _send_rows(rows, token, stats, threads)
    if stats.claimed:
        logger.info("Dispatch: %s", {k: v for k, v in stats.__dict__.items() if k != "lock"})
    return stats


# --- receipts and reconciliation ---------------------------------------------------------------

def receipt_apply(*, provider_id: str = "", reference: str = "", status: str, detail: str = "") -> bool:
    """A delivery receipt (normalised status) for one of our messages. Idempotent; never moves a
    delivered or failed message backwards. A technical failure puts it back in the queue."""
    queryset = OutboundMessage.objects.all()
    if reference:
        try:
            queryset = queryset.filter(pk=uuid.UUID(reference))
        except ValueError:
            return False
    elif provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    else:
        return False
    now = timezone.now()
    with transaction.atomic():
        message = queryset.select_for_update().first()
        if message is None:
            return False
        current = message.status
        if current in (MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.CANCELLED):
            return True
        if status == "delivered":
            message.status, message.delivered_at = MessageStatus.DELIVERED, now
        elif status == "failed":
            message.status, message.failure_reason = MessageStatus.FAILED, (detail or "Not delivered")[:300]
        elif status == "retry" and current == MessageStatus.SENT:
            message.status, message.send_after = MessageStatus.QUEUED, now
            message.provider_id, message.uncertain = "", False
        else:
            message.provider_status = detail[:30]
            message.save(update_fields=["provider_status", "updated_at"])
            return True
        message.provider_status = detail[:30]
        message.save(update_fields=["status", "delivered_at", "failure_reason", "send_after", "provider_id",
                                    "uncertain", "provider_status", "updated_at"])
        _event(message.pk, from_status=current, to_status=message.status, attempt=message.attempts,
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
                                                            detail=f"reconciled:{status}"):
            updated += 1
    return updated
