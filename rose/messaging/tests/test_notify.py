"""The real notifications-python-client against a local server speaking Notify's API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rose.messaging.dispatch import dispatch_due, reconcile_pending
from rose.messaging.inbound import poll_notify_received
from rose.messaging.models import InboundMessage, MessageStatus, OutboundMessage
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import make_all_due, queue_checkins, texting_patient
from rose.messaging.tests.notify_server import SERVICE_ID

pytestmark = pytest.mark.django_db


def test_send_uses_our_id_as_reference_and_stores_notify_id(programme, fake_notify):
    messages = queue_checkins(programme, 3)
    stats = dispatch_due()
    assert stats.sent == 3
    assert sorted(fake_notify.sent_references()) == sorted(str(m.pk) for m in messages)
    for message in OutboundMessage.objects.all():
        assert message.status == MessageStatus.SENT and message.provider == "notify"
        assert fake_notify.notifications[message.provider_id]["reference"] == str(message.pk)
        assert fake_notify.notifications[message.provider_id]["body"] == message.body


def test_validation_error_fails_with_reason_and_is_never_retried(programme, fake_notify):
    fake_notify.behaviour = lambda payload: 400
    queue_checkins(programme)
    dispatch_due()
    make_all_due()
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED
    assert "Not a UK mobile number" in message.failure_reason
    assert fake_notify.send_calls == 1


@pytest.mark.parametrize("answer", [429, 500])
def test_rate_limit_and_server_error_retry_with_backoff(programme, fake_notify, answer):
    answers = [answer]
    fake_notify.behaviour = lambda payload: answers.pop() if answers else "ok"
    queue_checkins(programme)
    before = timezone.now()
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert message.send_after > before + dt.timedelta(seconds=10)  # 30 s base with jitter 0.5-1.5
    assert str(answer) in message.failure_reason
    make_all_due()
    dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(fake_notify.sent_references()) == 1


def test_timeout_after_notify_accepted_does_not_send_twice(programme, fake_notify, settings):
    settings.ROSE_SMS_TIMEOUT_SECONDS = 0.3
    fake_notify.hang_seconds = 1.0
    calls = []
    fake_notify.behaviour = lambda payload: calls.append(1) or ("accept_then_hang" if len(calls) == 1 else "ok")
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.QUEUED and message.uncertain
    make_all_due()
    stats = dispatch_due()
    message.refresh_from_db()
    assert stats.found_by_reference == 1
    assert message.status == MessageStatus.SENT
    assert fake_notify.sent_references() == [str(message.pk)]
    assert fake_notify.send_calls == 1
    assert message.events.filter(detail__contains="by reference").exists()


def test_wrong_api_key_is_refused_by_jwt_check_and_retried_not_failed(programme, fake_notify, settings):
    settings.NOTIFY_API_KEY = f"rose_test-{SERVICE_ID}-00000000-0000-0000-0000-000000000000"
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert fake_notify.auth_failures == 1
    assert message.status == MessageStatus.QUEUED and "403" in message.failure_reason


def test_one_bad_row_never_stops_the_batch(programme, fake_notify):
    bad = texting_patient(programme, mobile="+447700900999")
    fake_notify.behaviour = lambda payload: 400 if payload["phone_number"] == "+447700900999" else "ok"
    message_schedule(patient=bad, purpose="checkin", body="x", respect_quiet_hours=False)
    queue_checkins(programme, 4)
    stats = dispatch_due()
    assert stats.sent == 4 and stats.failed == 1


def test_polling_received_texts_is_idempotent(programme, fake_notify):
    patient = texting_patient(programme)
    for i in range(3):
        fake_notify.add_received(user_number=patient.mobile.replace("+44", "0"), content=f"Question {i}")
    assert poll_notify_received() == 3
    assert poll_notify_received() == 0
    assert InboundMessage.objects.filter(patient=patient).count() == 3


def test_nightly_reconciliation_updates_status_from_notify(programme, fake_notify):
    queue_checkins(programme, 2)
    dispatch_due()
    first, second = OutboundMessage.objects.order_by("created_at")
    fake_notify.notifications[first.provider_id]["status"] = "permanent-failure"
    OutboundMessage.objects.update(sent_at=timezone.now() - dt.timedelta(hours=3))
    assert reconcile_pending() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.FAILED
    assert second.status == MessageStatus.DELIVERED


def test_a_timeout_is_logged_as_a_timeout(programme, fake_notify, settings):
    settings.ROSE_SMS_TIMEOUT_SECONDS = 0.3
    fake_notify.hang_seconds = 1.0
    fake_notify.behaviour = lambda payload: "accept_then_hang"
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert "No answer from Notify (timeout)" in message.failure_reason and "503" not in message.failure_reason
