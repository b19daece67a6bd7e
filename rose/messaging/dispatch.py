"""The senders: claim due outbox rows atomically, send them, record every attempt.

Claiming and each change to a claimed row are in `outbox`; delivery receipts and reconciliation in
`receipts` (both re-exported here). Before each provider call the row is marked `uncertain`; the
next attempt on an uncertain row first asks the provider for a message with our reference (the
row's UUID), so a timeout after acceptance never sends twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from rose.core import periodic
from rose.messaging import hooks
from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.outbox import (
    EARLY,
    IMMEDIATE_PURPOSES,
    REPLY_PURPOSES,
    claim_batch,
    defer,
    mark_failed,
    mark_retry,
    owned,
    provider_id_taken,
    record_event,
    release,
    setting,
)
from rose.messaging.providers import Provider, ProviderError, get_provider
from rose.messaging.providers.base import ACCEPTED, FAILED
from rose.messaging.receipts import receipt_apply, reconcile_pending
from rose.messaging.timing import next_allowed_time
from rose.patients.models import Consent, Patient, PatientStatus

__all__ = ["IMMEDIATE_PURPOSES", "REPLY_PURPOSES", "DispatchStats", "claim_batch", "dispatch_due", "receipt_apply",
           "reconcile_pending", "send_blocked_reason", "send_one"]

logger = logging.getLogger(__name__)


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    found_by_reference: int = 0
    errors: int = 0
    cancelled: int = 0
    released: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    rate_limited: threading.Event = field(default_factory=threading.Event, repr=False)

    def add(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)



def _mark_sent(message: OutboundMessage, token: str, *, provider: str, provider_id: str, delivered: bool,
               detail: str) -> bool:
    """Record the provider's acceptance. A receipt for this provider id that arrived first (kept on
    the row as `early:<status>`) is applied now, in the same transaction."""
    now = timezone.now()
    status = MessageStatus.DELIVERED if delivered else MessageStatus.SENT
    with transaction.atomic():
        row = owned(message, token).select_for_update().first()
        if row is None:
            return False
        early = row.provider_status[len(EARLY):] if (row.provider_status.startswith(EARLY)
                                                      and row.provider_id == provider_id[:64]) else ""
        fields = {"status": status, "provider": provider, "provider_id": provider_id[:64], "sent_at": now,
                  "uncertain": False, "delivered_at": now if delivered else None, "lease_until": None,
                  "failure_reason": "", "provider_status": "", "updated_at": now}
        owned(message, token).update(**fields)
        record_event(message.pk, from_status=MessageStatus.SENDING, to_status=status, attempt=message.attempts,
                     detail=detail)
    if early:
        receipt_apply(provider_id=provider_id, reference=str(message.pk), status=early,
                      detail=f"{early} (arrived before the send was recorded)", provider=provider)
    return True


def _quiet_until(message: OutboundMessage, now: dt.datetime) -> dt.datetime | None:
    """When a routine text may go, if not now (quiet hours or the patient's hours). Replies: never held."""
    if message.purpose in IMMEDIATE_PURPOSES:
        return None
    patient = message.patient
    when = next_allowed_time(now, contact_from=getattr(patient, "contact_from", None),
                             contact_until=getattr(patient, "contact_until", None))
    return when if when > now else None


def send_blocked_reason(message: OutboundMessage) -> str:
    """Why this text must not go now, read fresh from the database ("" when it may go): the patient
    is no longer active, has withdrawn consent to texts, or an app's `hooks.send_check` refuses (a
    paused or stopped plan). A crisis reply always goes (it answers the patient's own text); the
    other automatic replies to the patient's own text (keyword confirmations, the safety-net
    reply) go whatever the consent."""
    if message.purpose == "red_flag_reply" or message.patient_id is None:
        return ""  # a crisis reply (to a patient or to an unknown number) always goes
    # One query: the patient's status and their latest consent to texts (as patient_has_consent reads it).
    latest = Consent.objects.filter(patient_id=OuterRef("pk"), kind="texts").order_by("-created_at").values("given")
    status, consent = Patient.objects.filter(pk=message.patient_id).annotate(
        texts=Subquery(latest[:1])).values_list("status", "texts").first() or (None, None)
    if status != PatientStatus.ACTIVE:
        return f"Cancelled before sending: patient {status}"
    if message.purpose not in REPLY_PURPOSES and not consent:
        return "Cancelled before sending: no consent to texts"
    reason = hooks.send_check.first(message)  # a broken check is logged and skipped (Policy.LOG)
    return f"Cancelled before sending: {reason}"[:300] if reason else ""


def _begin_attempt(message: OutboundMessage, token: str, provider: Provider) -> str:
    """Immediately before the provider call, with the row locked: check it may still go, then mark
    it in flight (`uncertain`). Returns "go", "gone" (not ours any more), "cancelled" or "deferred".
    A consent or status change cancels in its own transaction and waits for this row lock, so it
    either sees the row in flight or cancels it before the call."""
    now = timezone.now()
    with transaction.atomic():
        row = owned(message, token).select_for_update().first()
        if row is None:
            return "gone"  # our lease was taken over, or it was cancelled after we claimed it
        reason = send_blocked_reason(message)
        if reason:
            owned(message, token).update(status=MessageStatus.CANCELLED, failure_reason=reason,
                                         lease_until=None, updated_at=now)
            record_event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.CANCELLED,
                         attempt=message.attempts, detail=reason)
            return "cancelled"
        later = _quiet_until(message, now)
        if later:
            owned(message, token).update(status=MessageStatus.QUEUED, send_after=later, lease_until=None,
                                         updated_at=now)
            record_event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                         attempt=message.attempts, detail=f"Deferred to {later.isoformat()}: quiet hours")
            return "deferred"
        message.attempts += 1
        owned(message, token).update(attempts=message.attempts, uncertain=True, provider=provider.name)
    return "go"


def send_one(message: OutboundMessage, token: str, provider: Provider, stats: DispatchStats) -> None:
    """One attempt at one claimed message. Never raises: one bad row never stops a batch."""
    try:
        if message.uncertain:
            try:
                found = provider.find_by_reference(message)
            except ProviderError as error:
                stats.add(mark_retry(message, token, reason=f"Could not check earlier attempt: {error}",
                                     uncertain=True))
                return
            if found and provider_id_taken(found, message.pk):
                found = None  # that message belongs to another row: never record it twice
            if found:
                _mark_sent(message, token, provider=provider.name, provider_id=found, delivered=False,
                           detail="Found at the provider by reference after an unanswered attempt; not resent")
                stats.add("found_by_reference")
                return
        step = _begin_attempt(message, token, provider)
        if step != "go":
            if step in ("cancelled", "deferred"):
                stats.add(step)
            return
        result = provider.send(message)
        if result.outcome == ACCEPTED:
            _mark_sent(message, token, provider=provider.name, provider_id=result.provider_id,
                       delivered=result.delivered, detail=f"Accepted by {provider.name}")
            stats.add("sent")
        elif result.outcome == FAILED:
            mark_failed(message, token, reason=result.reason)
            stats.add("failed")
        else:
            if result.rate_limited:
                stats.rate_limited.set()
            stats.add(mark_retry(message, token, reason=result.reason, uncertain=result.uncertain))
    except Exception as error:
        logger.exception("Sending outbound message %s failed", message.pk)
        stats.add("errors")
        try:
            mark_retry(message, token, reason=f"Unexpected error: {type(error).__name__}", uncertain=True)
        except Exception:
            logger.exception("Could not release outbound message %s", message.pk)


def _apply_quiet_hours(rows: list[OutboundMessage], token: str, stats: DispatchStats) -> list[OutboundMessage]:
    """Checked again at claim time: a text deferred by the cap, a backlog after an outage or a row
    taken over after its lease expired never goes in quiet hours."""
    now = timezone.now()
    keep = []
    for row in rows:
        later = _quiet_until(row, now)
        if later:
            defer(row, token, until=later, reason=f"Deferred to {later.isoformat()}: quiet hours")
            stats.add("deferred")
            continue
        keep.append(row)
    return keep


def _apply_number_limit(rows: list[OutboundMessage], token: str, stats: DispatchStats) -> list[OutboundMessage]:
    """At most ROSE_SMS_PER_NUMBER_PER_HOUR texts to one number in any hour; the rest wait. Replies
    to the patient's own text (a crisis reply, a STOP confirmation) are exempt but counted."""
    limit = int(setting("ROSE_SMS_PER_NUMBER_PER_HOUR", 20))
    now = timezone.now()
    numbers = {row.to_number for row in rows}
    counts = dict(OutboundMessage.objects.filter(to_number__in=numbers, sent_at__gte=now - dt.timedelta(hours=1))
                  .values_list("to_number").annotate(n=Count("id")).values_list("to_number", "n"))
    keep = []
    for row in sorted(rows, key=lambda r: r.purpose not in REPLY_PURPOSES):
        if row.purpose not in REPLY_PURPOSES and counts.get(row.to_number, 0) >= limit:
            defer(row, token, until=now + dt.timedelta(minutes=10),
                  reason=f"Deferred: {limit} texts to this number in the last hour")
            stats.add("deferred")
            continue
        counts[row.to_number] = counts.get(row.to_number, 0) + 1
        keep.append(row)
    return keep


def _rate_budgets() -> tuple[int, int]:
    """(replies, routine) texts that may be claimed now. ROSE_SMS_RATE_PER_MINUTE is the provider's
    limit (Notify: 3,000 a minute per key); routine texts use only (1 - ROSE_SMS_RATE_HEADROOM) of
    it, so lookups, retries and replies fit in the rest and the provider never answers 429 in
    normal running. Counted over texts sent in the last minute and texts in flight."""
    per_minute = int(setting("ROSE_SMS_RATE_PER_MINUTE", 3000))
    headroom = float(setting("ROSE_SMS_RATE_HEADROOM", 0.2))
    now = timezone.now()
    recent = OutboundMessage.objects.filter(sent_at__gte=now - dt.timedelta(minutes=1)).count()
    in_flight = OutboundMessage.objects.filter(status=MessageStatus.SENDING, lease_until__gte=now).count()
    used = recent + in_flight
    return max(0, per_minute - used), max(0, int(per_minute * (1 - headroom)) - used)


def _stopping() -> bool:
    return periodic.STOPPING.is_set()


def _send_rows(rows: list[OutboundMessage], token: str, stats: DispatchStats, threads: int) -> None:
    """Send the claimed rows. When the worker is told to stop (SIGTERM) or the provider answers
    429, calls in flight finish and the rows not started are released at once."""
    work: queue.SimpleQueue[OutboundMessage] = queue.SimpleQueue()
    for row in rows:
        work.put(row)
    untouched: list[OutboundMessage] = []
    untouched_lock = threading.Lock()

    def drain(provider: Provider) -> None:
        while True:
            try:
                row = work.get_nowait()
            except queue.Empty:
                return
            if _stopping() or stats.rate_limited.is_set():
                with untouched_lock:
                    untouched.append(row)
                continue
            send_one(row, token, provider, stats)

    # Other threads have their own connections: they cannot see rows of an open transaction.
    if threads <= 1 or connection.vendor == "sqlite" or connection.in_atomic_block or len(rows) == 1:
        drain(get_provider())
    else:
        def sender() -> None:
            try:
                drain(get_provider())  # one provider client per thread
            finally:
                connection.close()

        pool = [threading.Thread(target=sender, name=f"rose-sms-{i}") for i in range(min(threads, len(rows)))]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    if untouched:
        if _stopping():
            stats.released += release(untouched, token, reason="Released: the worker is stopping")
        else:
            stats.released += release(untouched, token, reason="Released: the provider asked us to slow down",
                                       until=timezone.now() + dt.timedelta(seconds=60))


def dispatch_due(*, worker_id: str = "", max_seconds: float | None = None, batch_size: int | None = None,
                 threads: int | None = None) -> DispatchStats:
    """Send everything due, batch by batch, within the rate limit and a time budget. Replies to
    the patient's own text are claimed first."""
    stats = DispatchStats()
    size = int(batch_size or setting("ROSE_SMS_BATCH_SIZE", 200))
    threads = int(threads or setting("ROSE_SMS_SEND_THREADS", 8))
    budget_seconds = float(max_seconds if max_seconds is not None else setting("ROSE_SMS_DISPATCH_SECONDS", 50))
    started = time.monotonic()
    while time.monotonic() - started < budget_seconds and not _stopping() and not stats.rate_limited.is_set():
        replies, routine = _rate_budgets()
        token, rows = claim_batch(size=min(size, replies), worker_id=worker_id, replies_only=True)
        if len(rows) < size and routine > 0:
            token, rows = claim_batch(size=min(size - len(rows), routine), worker_id=worker_id, token=token)
        if not rows:
            break  # nothing due, or no budget until the next run (a few seconds on)
        stats.claimed += len(rows)
        rows = _apply_quiet_hours(rows, token, stats)
        rows = _apply_number_limit(rows, token, stats)
        _send_rows(rows, token, stats, threads)
    if stats.claimed:
        logger.info("Dispatch: %s", {k: v for k, v in stats.__dict__.items()
                                     if k not in ("lock", "rate_limited")})
    return stats
