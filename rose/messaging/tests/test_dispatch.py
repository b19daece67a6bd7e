"""The dispatcher: atomic claims, leases, per-number and global limits, retries, receipts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rose.messaging.dispatch import claim_batch, dispatch_due, receipt_apply
from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.services import _message_create, message_schedule
from rose.messaging.tests.factories import make_all_due, texting_patient

pytestmark = pytest.mark.django_db


def _queue(patient, count=1):
    return [message_schedule(patient=patient, purpose="checkin", body=f"Text {i}", respect_quiet_hours=False)
            for i in range(count)]


def test_two_claims_never_share_a_row(programme, recording):
    for _ in range(5):
        _queue(texting_patient(programme), 2)
    _, first = claim_batch(size=6)
    _, second = claim_batch(size=6)
    assert len(first) == 6 and len(second) == 4
    assert not {m.pk for m in first} & {m.pk for m in second}
    _, third = claim_batch(size=6)
    assert third == []


def test_future_messages_are_not_claimed(programme, recording):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin", body="later", due_at=timezone.now() + dt.timedelta(days=1))
    assert dispatch_due().claimed == 0


def test_killed_worker_rows_are_recovered_after_lease_without_duplicate(programme, recording):
    patient = texting_patient(programme)
    sent_before_kill, never_tried = _queue(patient, 2)
    claim_batch(size=10)
    # The worker sent the first and died before recording it; the second it never reached.
    OutboundMessage.objects.filter(pk=sent_before_kill.pk).update(uncertain=True, attempts=1)
    recording.accepted[str(sent_before_kill.pk)] = "rec-before-kill"
    assert dispatch_due().claimed == 0  # still leased
    OutboundMessage.objects.update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    stats = dispatch_due()
    assert stats.found_by_reference == 1 and stats.sent == 1
    sent_before_kill.refresh_from_db()
    assert sent_before_kill.provider_id == "rec-before-kill"
    assert recording.sends[str(sent_before_kill.pk)] == 0 and recording.sends[str(never_tried.pk)] == 1


def test_at_most_20_texts_to_one_number_an_hour(programme, recording):
    patient = texting_patient(programme)
    _queue(patient, 25)
    stats = dispatch_due()
    assert stats.sent == 20 and stats.deferred == 5
    waiting = OutboundMessage.objects.filter(status=MessageStatus.QUEUED)
    assert waiting.count() == 5 and all(m.send_after > timezone.now() for m in waiting)


def test_rate_limit_per_minute_keeps_headroom_for_replies(programme, recording, settings):
    settings.ROSE_SMS_RATE_PER_MINUTE = 10
    settings.ROSE_SMS_RATE_HEADROOM = 0.3
    for _ in range(4):
        _queue(texting_patient(programme), 3)
    assert dispatch_due().sent == 7  # routine texts use 70% of the provider's limit
    assert dispatch_due().sent == 0  # the minute's routine budget is spent
    patient = texting_patient(programme)
    for _ in range(5):
        _message_create(patient=patient, purpose="red_flag_reply", body="Call 999", respect_quiet_hours=False)
    assert dispatch_due().sent == 3  # replies may use the headroom, up to the provider's limit


def test_validation_failure_and_unexpected_error_do_not_stop_batch(programme, recording):
    bad = texting_patient(programme, mobile="+447700900998")
    broken = texting_patient(programme, mobile="+447700900997")
    recording.fail_numbers.add("+447700900998")
    recording.explode_numbers.add("+447700900997")
    _queue(bad)
    _queue(broken)
    for _ in range(3):
        _queue(texting_patient(programme))
    stats = dispatch_due()
    assert stats.sent == 3 and stats.failed == 1 and stats.errors == 1
    assert OutboundMessage.objects.get(to_number="+447700900998").status == MessageStatus.FAILED
    retry = OutboundMessage.objects.get(to_number="+447700900997")
    assert retry.status == MessageStatus.QUEUED and "RuntimeError" in retry.failure_reason


def test_gives_up_after_max_attempts(programme, recording, settings):
    settings.ROSE_SMS_MAX_ATTEMPTS = 2
    broken = texting_patient(programme, mobile="+447700900997")
    recording.explode_numbers.add("+447700900997")
    _queue(broken)
    for _ in range(3):
        OutboundMessage.objects.filter(status=MessageStatus.QUEUED).update(send_after=timezone.now(),
                                                                           uncertain=False)
        dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED and "Gave up after 2 attempts" in message.failure_reason
    assert list(message.events.values_list("to_status", flat=True)) == ["queued", "queued", "failed"]


def test_backoff_respects_quiet_hours(programme, recording, settings):
    settings.ROSE_SMS_QUIET_START = "00:00"
    settings.ROSE_SMS_QUIET_END = "00:01"  # almost no quiet time; check the retry still lands in a window
    broken = texting_patient(programme, mobile="+447700900997")
    recording.explode_numbers.add("+447700900997")
    _queue(broken)
    dispatch_due()
    assert OutboundMessage.objects.get().send_after > timezone.now()


def test_receipts_are_idempotent_and_never_go_backwards(programme, recording):
    _queue(texting_patient(programme))
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert receipt_apply(provider_id=message.provider_id, status="delivered", detail="delivered")
    assert receipt_apply(provider_id=message.provider_id, status="delivered", detail="delivered")
    assert receipt_apply(reference=str(message.pk), status="failed", detail="permanent-failure")
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.events.filter(to_status="delivered").count() == 1
    assert not receipt_apply(reference="not-a-uuid", status="delivered")


def test_technical_failure_receipt_requeues_for_a_fresh_send(programme, recording):
    _queue(texting_patient(programme))
    dispatch_due()
    message = OutboundMessage.objects.get()
    receipt_apply(provider_id=message.provider_id, status="retry", detail="technical-failure")
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and not message.uncertain
    assert message.send_after > timezone.now()  # after a backoff: a repeated failure cannot loop
    make_all_due()
    dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and recording.sends[str(message.pk)] == 2


def test_health_reports_age_of_oldest_due_message(programme, recording, client):
    message = _queue(texting_patient(programme))[0]
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=timezone.now() - dt.timedelta(minutes=5))
    assert client.get("/healthz").json()["messaging_oldest_due_seconds"] >= 299


def test_message_history_rows_cannot_be_changed_or_deleted(programme):
    from rose.messaging.models import MessageEvent
    from rose.messaging.tests.factories import queue_checkins

    queue_checkins(programme)
    event = MessageEvent.objects.get()
    event.detail = "rewritten"
    with pytest.raises(ValueError, match="MessageEvent rows are immutable"):
        event.save()
    with pytest.raises(ValueError, match="MessageEvent rows are immutable"):
        event.delete()
    assert MessageEvent.objects.get().detail != "rewritten"
