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
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from rose.core import periodic
from rose.messaging import hooks
from rose.messaging.models import MessageEvent, MessageStatus, OutboundMessage
from rose.messaging.providers import Provider, ProviderError, get_provider, provider_name
from rose.messaging.providers.base import ACCEPTED, FAILED
from rose.messaging.timing import next_allowed_time
from rose.patients.models import Consent, Patient, PatientStatus

logger = logging.getLogger(__name__)
# Replies to something the patient just sent: retried promptly, not held for quiet hours.
IMMEDIATE_PURPOSES = ("red_flag_reply", "keyword_reply", "safety_net_reply", "staff_reply")
# Automatic replies to the patient's own text: claimed first and exempt from the per-number cap.
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
    cancelled: int = 0
    released: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    rate_limited: threading.Event = field(default_factory=threading.Event, repr=False)

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
    lease = now + dt.timedelta(seconds=float(_setting("ROSE_SMS_CLAIM_SECONDS", 300)))
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


def _owned(message: OutboundMessage, token: str) -> Any:
    return OutboundMessage.objects.filter(pk=message.pk, claim_token=token, status=MessageStatus.SENDING)


def _backoff_seconds(attempt: int) -> float:
    base = float(_setting("ROSE_SMS_RETRY_BASE_SECONDS", 30))
    cap = float(_setting("ROSE_SMS_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * (2 ** max(0, attempt - 1))) * random.uniform(0.5, 1.5)


EARLY = "early:"  # provider_status prefix of a receipt that arrived before the sender recorded the answer


def _provider_id_taken(provider_id: str, message_pk: Any) -> bool:
    """True when another row already holds this provider id: it is never recorded twice."""
    return bool(provider_id) and OutboundMessage.objects.filter(provider_id=provider_id).exclude(
        pk=message_pk).exists()


def _mark_sent(message: OutboundMessage, token: str, *, provider: str, provider_id: str, delivered: bool,
               detail: str) -> bool:
    """Record the provider's acceptance. A receipt for this provider id that arrived first (kept on
    the row as `early:<status>`) is applied now, in the same transaction."""
    now = timezone.now()
    status = MessageStatus.DELIVERED if delivered else MessageStatus.SENT
    with transaction.atomic():
        row = _owned(message, token).select_for_update().first()
        if row is None:
            return False
        early = row.provider_status[len(EARLY):] if (row.provider_status.startswith(EARLY)
                                                      and row.provider_id == provider_id[:64]) else ""
        fields = {"status": status, "provider": provider, "provider_id": provider_id[:64], "sent_at": now,
                  "uncertain": False, "delivered_at": now if delivered else None, "lease_until": None,
                  "failure_reason": "", "provider_status": "", "updated_at": now}
        _owned(message, token).update(**fields)
        _event(message.pk, from_status=MessageStatus.SENDING, to_status=status, attempt=message.attempts,
               detail=detail)
    if early:
        receipt_apply(provider_id=provider_id, reference=str(message.pk), status=early,
                      detail=f"{early} (arrived before the send was recorded)", provider=provider)
    return True


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
        row = _owned(message, token).select_for_update().first()
        if row is None:
            return "gone"  # our lease was taken over, or it was cancelled after we claimed it
        reason = send_blocked_reason(message)
        if reason:
            _owned(message, token).update(status=MessageStatus.CANCELLED, failure_reason=reason,
                                          lease_until=None, updated_at=now)
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.CANCELLED,
                   attempt=message.attempts, detail=reason)
            return "cancelled"
        later = _quiet_until(message, now)
        if later:
            _owned(message, token).update(status=MessageStatus.QUEUED, send_after=later, lease_until=None,
                                          updated_at=now)
            _event(message.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                   attempt=message.attempts, detail=f"Deferred to {later.isoformat()}: quiet hours")
            return "deferred"
        message.attempts += 1
        _owned(message, token).update(attempts=message.attempts, uncertain=True, provider=provider.name)
    return "go"


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
            if found and _provider_id_taken(found, message.pk):
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
            _mark_failed(message, token, reason=result.reason)
            stats.add("failed")
        else:
            if result.rate_limited:
                stats.rate_limited.set()
            stats.add(_mark_retry(message, token, reason=result.reason, uncertain=result.uncertain))
    except Exception as error:
        logger.exception("Sending outbound message %s failed", message.pk)
        stats.add("errors")
        try:
            _mark_retry(message, token, reason=f"Unexpected error: {type(error).__name__}", uncertain=True)
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
            _defer(row, token, until=later, reason=f"Deferred to {later.isoformat()}: quiet hours")
            stats.add("deferred")
            continue
        keep.append(row)
    return keep


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


def _rate_budgets() -> tuple[int, int]:
    """(replies, routine) texts that may be claimed now. ROSE_SMS_RATE_PER_MINUTE is the provider's
    limit (Notify: 3,000 a minute per key); routine texts use only (1 - ROSE_SMS_RATE_HEADROOM) of
    it, so lookups, retries and replies fit in the rest and the provider never answers 429 in
    normal running. Counted over texts sent in the last minute and texts in flight."""
    per_minute = int(_setting("ROSE_SMS_RATE_PER_MINUTE", 3000))
    headroom = float(_setting("ROSE_SMS_RATE_HEADROOM", 0.2))
    now = timezone.now()
    recent = OutboundMessage.objects.filter(sent_at__gte=now - dt.timedelta(minutes=1)).count()
    in_flight = OutboundMessage.objects.filter(status=MessageStatus.SENDING, lease_until__gte=now).count()
    used = recent + in_flight
    return max(0, per_minute - used), max(0, int(per_minute * (1 - headroom)) - used)


def _release(rows: list[OutboundMessage], token: str, *, reason: str, until: dt.datetime | None = None) -> int:
    """Give claimed rows back at once (the worker is stopping, or the provider said 429)."""
    released = 0
    for row in rows:
        with transaction.atomic():
            fields: dict[str, Any] = {"status": MessageStatus.QUEUED, "lease_until": None, "claim_token": "",
                                      "updated_at": timezone.now()}
            if until is not None:
                fields["send_after"] = until
            if _owned(row, token).update(**fields):
                _event(row.pk, from_status=MessageStatus.SENDING, to_status=MessageStatus.QUEUED,
                       attempt=row.attempts, detail=reason)
                released += 1
    return released


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
            stats.released += _release(untouched, token, reason="Released: the worker is stopping")
        else:
            stats.released += _release(untouched, token, reason="Released: the provider asked us to slow down",
                                        until=timezone.now() + dt.timedelta(seconds=60))


def dispatch_due(*, worker_id: str = "", max_seconds: float | None = None, batch_size: int | None = None,
                 threads: int | None = None) -> DispatchStats:
    """Send everything due, batch by batch, within the rate limit and a time budget. Replies to
    the patient's own text are claimed first."""
    stats = DispatchStats()
    size = int(batch_size or _setting("ROSE_SMS_BATCH_SIZE", 200))
    threads = int(threads or _setting("ROSE_SMS_SEND_THREADS", 8))
    budget_seconds = float(max_seconds if max_seconds is not None else _setting("ROSE_SMS_DISPATCH_SECONDS", 50))
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


# --- receipts and reconciliation ---------------------------------------------------------------

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
                _event(message.pk, from_status=current, to_status=current, attempt=message.attempts,
                       detail=f"Receipt kept until the send is recorded: {detail or status}")
            return True
        if provider_id and message.provider_id and provider_id != message.provider_id \
                and not message.provider_status.startswith(EARLY):
            _event(message.pk, from_status=current, to_status=current, attempt=message.attempts,
                   detail=f"Receipt for an earlier attempt ignored: {detail or status}")
            return True
        reached = current == MessageStatus.SENT or (
            current in (MessageStatus.QUEUED, MessageStatus.CANCELLED) and message.uncertain and provider_id
            and status != "retry" and not _provider_id_taken(provider_id, message.pk))
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
                          send_after=now + dt.timedelta(seconds=_backoff_seconds(message.attempts)))
        OutboundMessage.objects.filter(pk=message.pk).update(**fields)
        _event(message.pk, from_status=current, to_status=fields["status"], attempt=message.attempts,
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
