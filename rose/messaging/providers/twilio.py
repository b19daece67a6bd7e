"""Twilio Programmable Messaging. Twilio has no idempotency key or reference: after an uncertain
attempt we look for a message to the same number with the same body sent since the first attempt."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

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

    class Http(TwilioHttpClient):
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
        if callback:  # our id in the URL: the callback names the row, whatever Twilio's id
            kwargs["status_callback"] = f"{callback}?{urlencode({'ref': str(message.pk)})}"
        try:
            sent = self.client.messages.create(**kwargs)
        except (TwilioRestException, TwilioServiceException) as error:
            # Twilio answers errors in its older JSON or in RFC 9457 form; the client raises
            # a different class for each, and both carry the HTTP status.
            words = getattr(error, "msg", None) or getattr(error, "detail", None) or getattr(error, "title", "")
            reason = NUMBER.sub("[number]", f"Twilio {error.status} (code {error.code}): {words}")[:300]
            if error.status == 429 or error.status >= 500:
                return SendResult(outcome=RETRY, reason=reason, uncertain=error.status >= 500,
                                  rate_limited=error.status == 429)
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
        if message.provider_id and message.provider_status.startswith("early:"):
            return message.provider_id  # a status callback carrying our id named the message already
        from rose.messaging.models import MessageStatus, OutboundMessage

        same = [c.sid for c in candidates if c.body == message.body]
        if not same:
            return None
        # Never a message that belongs to another row: drop ids recorded elsewhere, and when other
        # texts with the same body to the same number are also unresolved, match only if there
        # are enough messages at Twilio for every one of them (otherwise send again: a repeat
        # beats a text never sent).
        taken = set(OutboundMessage.objects.filter(provider="twilio", provider_id__in=same)
                    .exclude(pk=message.pk).values_list("provider_id", flat=True))
        free = [sid for sid in same if sid not in taken]
        rivals = (OutboundMessage.objects.filter(to_number=message.to_number, body=message.body, uncertain=True,
                                                 status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])
                  .exclude(pk=message.pk).count())
        if len(free) <= rivals:
            return None
        return free[-1]  # Twilio lists newest first: the oldest free one

    def status(self, provider_id: str) -> str | None:
        from twilio.base.exceptions import TwilioException

        try:
            return STATUS_MAP.get(self.client.messages(provider_id).fetch().status)
        except (TwilioException, OSError) as error:
            raise ProviderError(str(error)) from error
