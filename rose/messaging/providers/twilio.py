"""Twilio Programmable Messaging. Twilio has no idempotency key or reference: after an uncertain
attempt we look for a message to the same number with the same body sent since the first attempt."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from rose.messaging.providers.base import ACCEPTED, FAILED, RETRY, Provider, ProviderError, SendResult

NUMBER = re.compile(r"\+?\d[\d ]{8,16}\d")  # Twilio's messages quote the number: keep it out of our log
STATUS_MAP = {"delivered": "delivered", "undelivered": "failed", "failed": "failed",
              "queued": "pending", "accepted": "pending", "sending": "pending", "sent": "pending"}


def public_url(name: str) -> str:
    base = str(getattr(settings, "ROSE_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse(name)}" if base else ""


def _http_client(*, base_url: str, timeout: float) -> Any:
    """Twilio's own HTTP client with two changes: a timeout (its default is none, so one hung call
    would stall a sender for ever) and, when `TWILIO_BASE_URL` is set, requests go to that host
    instead of api.twilio.com (the tests' local Twilio stand-in; never set in production)."""
    from twilio.http.http_client import TwilioHttpClient

    class Http(TwilioHttpClient):  # type: ignore[misc]
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if base_url:
                parts = urlsplit(url)
                url = base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
            return super().request(method, url, *args, **kwargs)

    return Http(timeout=timeout)


class TwilioProvider(Provider):
    name = "twilio"

    def __init__(self) -> None:
        from twilio.rest import Client

        http = _http_client(base_url=str(getattr(settings, "TWILIO_BASE_URL", "") or ""),
                            timeout=float(getattr(settings, "ROSE_SMS_TIMEOUT_SECONDS", 10)))
        self.client = Client(getattr(settings, "TWILIO_ACCOUNT_SID", ""), getattr(settings, "TWILIO_AUTH_TOKEN", ""),
                             http_client=http)
        self.from_ = getattr(settings, "TWILIO_FROM", "")

    def send(self, message: Any) -> SendResult:
        from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException

        kwargs = {"to": message.to_number, "from_": self.from_, "body": message.body}
        callback = public_url("messaging:twilio_status")
        if callback:
            kwargs["status_callback"] = callback
        try:
            sent = self.client.messages.create(**kwargs)
        except (TwilioRestException, TwilioServiceException) as error:
            # Twilio answers errors in its older JSON or in RFC 9457 form; the client raises
            # a different class for each, and both carry the HTTP status.
            words = getattr(error, "msg", None) or getattr(error, "detail", None) or getattr(error, "title", "")
            reason = NUMBER.sub("[number]", f"Twilio {error.status} (code {error.code}): {words}")[:300]
            if error.status == 429 or error.status >= 500:
                return SendResult(outcome=RETRY, reason=reason, uncertain=error.status >= 500)
            if error.status in (401, 403):
                # Our account SID or token, not the message: retry with backoff while staff fix it.
                return SendResult(outcome=RETRY, reason=reason)
            return SendResult(outcome=FAILED, reason=reason)
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
