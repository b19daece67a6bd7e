"""The real `twilio` client against a local server speaking Twilio's Messaging API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rose.messaging.dispatch import dispatch_due, reconcile_pending
from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.tests.factories import make_all_due, queue_checkins
from rose.messaging.tests.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM, FakeTwilio

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_twilio(settings):
    with FakeTwilio() as server:
        settings.ROSE_SMS_PROVIDER = "twilio"
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, settings.TWILIO_FROM = ACCOUNT_SID, AUTH_TOKEN, FROM
        settings.TWILIO_BASE_URL = server.url
        settings.ROSE_SMS_TIMEOUT_SECONDS = 2
        settings.ROSE_PUBLIC_BASE_URL = "https://rose.example.nhs.uk"
        yield server


def test_send_stores_twilio_sid_and_asks_for_status_callbacks(programme, fake_twilio):
    queue_checkins(programme, 3)
    assert dispatch_due().sent == 3
    for message in OutboundMessage.objects.all():
        assert message.status == MessageStatus.SENT and message.provider == "twilio"
        record = fake_twilio.messages[message.provider_id]
        assert (record["to"], record["from"], record["body"]) == (message.to_number, FROM, message.body)
        assert record["_status_callback"] == (f"https://rose.example.nhs.uk/messaging/callbacks/twilio/status/"
                                              f"?ref={message.pk}")
    assert fake_twilio.send_calls == 3 and fake_twilio.auth_failures == 0


@pytest.mark.parametrize("answer", [400, "rfc9457"])
def test_validation_error_fails_with_reason_without_the_number_and_is_never_retried(programme, fake_twilio, answer):
    fake_twilio.behaviour = lambda form: answer
    queue_checkins(programme)
    dispatch_due()
    make_all_due()
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED
    assert "Twilio 400 (code 21211)" in message.failure_reason
    assert message.to_number not in message.failure_reason and message.to_number[1:] not in message.failure_reason
    assert fake_twilio.send_calls == 1


@pytest.mark.parametrize("answer", [429, 500])
def test_rate_limit_and_server_error_retry_then_send_once(programme, fake_twilio, answer):
    answers = [answer]
    fake_twilio.behaviour = lambda form: answers.pop() if answers else "ok"
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert f"Twilio {answer}" in message.failure_reason
    make_all_due()
    dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(fake_twilio.messages) == 1


def test_timeout_after_twilio_accepted_is_found_and_not_sent_twice(programme, fake_twilio, settings):
    settings.ROSE_SMS_TIMEOUT_SECONDS = 0.3
    fake_twilio.hang_seconds = 1.0
    calls = []
    fake_twilio.behaviour = lambda form: calls.append(1) or ("accept_then_hang" if len(calls) == 1 else "ok")
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.QUEUED and message.uncertain
    make_all_due()
    stats = dispatch_due()
    message.refresh_from_db()
    assert stats.found_by_reference == 1
    assert message.status == MessageStatus.SENT
    assert list(fake_twilio.messages) == [message.provider_id]
    assert fake_twilio.send_calls == 1


def test_a_wrong_auth_token_is_retried_not_failed(programme, fake_twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "0" * 32
    queue_checkins(programme)
    dispatch_due()
    message = OutboundMessage.objects.get()
    assert fake_twilio.auth_failures == 1
    assert message.status == MessageStatus.QUEUED and "401" in message.failure_reason


def test_nightly_reconciliation_updates_status_from_twilio(programme, fake_twilio):
    queue_checkins(programme, 2)
    dispatch_due()
    first, second = OutboundMessage.objects.order_by("created_at")
    fake_twilio.set_status(first.provider_id, "undelivered")
    fake_twilio.set_status(second.provider_id, "delivered")
    OutboundMessage.objects.update(sent_at=timezone.now() - dt.timedelta(hours=3))
    assert reconcile_pending() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.FAILED
    assert second.status == MessageStatus.DELIVERED


def test_a_retried_text_never_takes_another_rows_twilio_message(programme, fake_twilio):
    from rose.messaging.services import message_schedule
    from rose.messaging.tests.factories import texting_patient

    patient = texting_patient(programme)
    first, second = (message_schedule(patient=patient, purpose="checkin", body="Same check-in",
                                      respect_quiet_hours=False) for _ in range(2))
    calls = []
    fake_twilio.behaviour = lambda form: calls.append(1) or (500 if len(calls) == 2 else "ok")
    dispatch_due()  # one is accepted; the other gets a 500 and may have been accepted
    make_all_due()
    dispatch_due()  # the lookup by number and body finds only the other row's message: send again
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == MessageStatus.SENT
    assert first.provider_id != second.provider_id
    assert sorted(fake_twilio.messages) == sorted([first.provider_id, second.provider_id])


def test_a_status_callback_before_the_answer_is_recorded_names_the_row(programme, fake_twilio, client, settings):
    from django.urls import reverse
    from twilio.request_validator import RequestValidator

    from rose.messaging.tests.twilio_server import AUTH_TOKEN

    queue_checkins(programme)
    message = OutboundMessage.objects.get()
    OutboundMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING, provider="twilio",
                                                         uncertain=True, attempts=1)
    url = f"{reverse('messaging:twilio_status')}?ref={message.pk}"
    params = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(f"https://rose.example.nhs.uk{url}", params)
    assert client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 204
    message.refresh_from_db()
    assert message.provider_id == "SM" + "b" * 32 and message.provider_status == "early:delivered"
