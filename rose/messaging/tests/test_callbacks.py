"""Provider callbacks: Notify's bearer token, Twilio's signature (the real validator), idempotency."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from twilio.request_validator import RequestValidator

from rose.messaging.dispatch import dispatch_due
from rose.messaging.models import InboundMessage, MessageStatus, OutboundMessage
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-callback-token"
TWILIO_TOKEN = "12345678901234567890123456789012"


@pytest.fixture
def tokens(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    settings.TWILIO_AUTH_TOKEN = TWILIO_TOKEN


def _sent(programme, recording):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin", body="Hi", respect_quiet_hours=False)
    dispatch_due()
    return OutboundMessage.objects.get()


def test_notify_receipt_needs_the_bearer_token(client, programme, recording, tokens):
    message = _sent(programme, recording)
    body = {"id": message.provider_id, "reference": str(message.pk), "status": "delivered",
            "to": message.to_number, "notification_type": "sms"}
    url = reverse("messaging:notify_receipt")
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.post(url, body, content_type="application/json",
                       HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    for _ in range(2):  # Notify retries: the second is a no-op
        response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert client.post(url, "not json", content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 400


def test_notify_receipt_permanent_failure(client, programme, recording, tokens):
    message = _sent(programme, recording)
    client.post(reverse("messaging:notify_receipt"), {"id": message.provider_id, "status": "permanent-failure"},
                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_notify_inbound_is_idempotent(client, programme, tokens):
    patient = texting_patient(programme)
    body = {"id": str(uuid.uuid4()), "source_number": patient.mobile.replace("+44", "44"),
            "destination_number": "07900000000", "message": "Can I change my appointment?",
            "date_received": "2026-11-21T10:00:00.000000Z"}
    url = reverse("messaging:notify_inbound")
    assert client.post(url, body, content_type="application/json").status_code == 401
    for _ in range(3):
        assert client.post(url, body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    inbound = InboundMessage.objects.get()
    assert inbound.patient == patient and inbound.outcome == "inbox"
    assert client.post(url, {"id": "x"}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 400


def _twilio_post(client, name, params, *, token=TWILIO_TOKEN):
    url = reverse(name)
    signature = RequestValidator(token).compute_signature(f"http://testserver{url}", params)
    return client.post(url, params, HTTP_X_TWILIO_SIGNATURE=signature)


def test_twilio_inbound_signature_checked_with_real_validator(client, programme, tokens):
    patient = texting_patient(programme)
    params = {"MessageSid": "SM" + "a" * 32, "From": patient.mobile, "To": "+447900000000", "Body": "STOP"}
    assert _twilio_post(client, "messaging:twilio_inbound", params, token="wrong" * 6).status_code == 403
    assert client.post(reverse("messaging:twilio_inbound"), params).status_code == 403
    for _ in range(2):
        response = _twilio_post(client, "messaging:twilio_inbound", params)
        assert response.status_code == 200 and b"<Response>" in response.content
    assert InboundMessage.objects.get().outcome == "keyword"


def test_twilio_status_callback(client, programme, recording, tokens):
    message = _sent(programme, recording)
    OutboundMessage.objects.filter(pk=message.pk).update(provider="twilio")  # as the Twilio sender records it
    params = {"MessageSid": message.provider_id, "MessageStatus": "undelivered"}
    assert _twilio_post(client, "messaging:twilio_status", params).status_code == 204
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_callbacks_refuse_get_and_need_no_csrf(client, tokens):
    assert client.get(reverse("messaging:notify_inbound")).status_code == 405


def test_a_nul_byte_in_a_callback_is_stored_without_it(client, programme, recording, tokens):
    message = _sent(programme, recording)
    receipt = {"id": message.provider_id + "\u0000", "reference": str(message.pk), "status": "deliv\u0000ered"}
    response = client.post(reverse("messaging:notify_receipt"), receipt, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    body = {"id": str(uuid.uuid4()) + "\u0000", "source_number": message.to_number + "\u0000",
            "destination_number": "07900000000", "message": "Can I\u0000 change my appointment?",
            "date_received": "2026-11-21T10:00:00.000000Z"}
    response = client.post(reverse("messaging:notify_inbound"), body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    inbound = InboundMessage.objects.get()
    assert inbound.body == "Can I change my appointment?" and inbound.patient_id == message.patient_id
