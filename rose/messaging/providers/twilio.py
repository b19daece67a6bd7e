"""Twilio Programmable Messaging. Twilio has no idempotency key or reference: after an uncertain
attempt we look for a message to the same number with the same body sent since the first attempt."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from rose.messaging.providers.base import ACCEPTED, FAILED, RETRY, Provider, ProviderError, SendResult

STATUS_MAP = {"delivered": "delivered", "undelivered": "failed", "failed": "failed",
              "queued": "pending", "accepted": "pending", "sending": "pending", "sent": "pending"}


def public_url(name: str) -> str:
    base = str(getattr(settings, "ROSE_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse(name)}" if base else ""


class TwilioProvider(Provider):
    name = "twilio"

    def __init__(self) -> None:
        from twilio.rest import Client

        self.client = Client(getattr(settings, "TWILIO_ACCOUNT_SID", ""), getattr(settings, "TWILIO_AUTH_TOKEN", ""))
        self.from_ = getattr(settings, "TWILIO_FROM", "")

    def send(self, message: Any) -> SendResult:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        kwargs = {"to": message.to_number, "from_": self.from_, "body": message.body}
        callback = public_url("messaging:twilio_status")
        if callback:
            kwargs["status_callback"] = callback
        try:
            sent = self.client.messages.create(**kwargs)
        except TwilioRestException as error:
            if error.status == 429 or error.status >= 500:
                return SendResult(outcome=RETRY, reason=f"Twilio {error.status}: {error.msg}"[:300], uncertain=True)
            return SendResult(outcome=FAILED, reason=f"Twilio {error.status}: {error.msg}"[:300])
        except (TwilioException, OSError) as error:
            return SendResult(outcome=RETRY, reason=f"No answer from Twilio: {type(error).__name__}", uncertain=True)
        return SendResult(outcome=ACCEPTED, provider_id=sent.sid)

    def find_by_reference(self, message: Any) -> str | None:
        from twilio.base.exceptions import TwilioException

        try:
            candidates = self.client.messages.list(to=message.to_number, date_sent_after=message.created_at, limit=50)
        except (TwilioException, OSError) as error:
            raise ProviderError(str(error)) from error
        for candidate in candidates:
            if candidate.body == message.body:
                return candidate.sid
        return None

    def status(self, provider_id: str) -> str | None:
        from twilio.base.exceptions import TwilioException

        try:
            return STATUS_MAP.get(self.client.messages(provider_id).fetch().status)
        except (TwilioException, OSError) as error:
            raise ProviderError(str(error)) from error
