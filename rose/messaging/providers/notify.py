"""GOV.UK Notify through notifications-python-client, with one template whose body is ((body))."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from rose.messaging.providers.base import ACCEPTED, FAILED, RETRY, Provider, ProviderError, SendResult

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
STATUS_MAP = {
    "delivered": "delivered", "sent": "delivered",
    "permanent-failure": "failed", "temporary-failure": "failed", "validation-failed": "failed",
    "technical-failure": "retry",
    "created": "pending", "sending": "pending", "pending": "pending", "accepted": "pending",
}


def _reason(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):
        message = "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item)
                            for item in message)
    return f"Notify {error.status_code}: {message}"[:300]


def _no_answer(error: APIError) -> str:
    """The client reports a timeout and a refused connection alike as a 503 with no response: name
    what really happened from the exception it wraps."""
    cause = error.__cause__ or error.__context__
    if isinstance(cause, requests.Timeout):
        return "timeout"
    if isinstance(cause, requests.ConnectionError):
        return "connection error"
    return "no response"


class NotifyProvider(Provider):
    name = "notify"

    def __init__(self) -> None:
        self.client = NotificationsAPIClient(
            getattr(settings, "NOTIFY_API_KEY", ""),
            base_url=getattr(settings, "NOTIFY_BASE_URL", DEFAULT_BASE_URL) or DEFAULT_BASE_URL,
            timeout=float(getattr(settings, "ROSE_SMS_TIMEOUT_SECONDS", 10)),
        )
        self.template_id = getattr(settings, "NOTIFY_SMS_TEMPLATE_ID", "")

    def send(self, message: Any) -> SendResult:
        try:
            response = self.client.send_sms_notification(
                phone_number=message.to_number, template_id=self.template_id,
                personalisation={"body": message.body}, reference=str(message.pk))
        except APIError as error:
            code = error.status_code
            if error.response is None:  # timeout or connection error: it may have been accepted
                return SendResult(outcome=RETRY, reason=f"No answer from Notify ({_no_answer(error)})",
                                  uncertain=True)
            if code == 429 or code >= 500 or code == 403:
                # 403 is our key or clock, not the message: retry with backoff while staff fix it.
                return SendResult(outcome=RETRY, reason=_reason(error), uncertain=code >= 500,
                                  rate_limited=code == 429)
            return SendResult(outcome=FAILED, reason=_reason(error))
        return SendResult(outcome=ACCEPTED, provider_id=str(response.get("id", "")))

    def find_by_reference(self, message: Any) -> str | None:
        try:
            found = self.client.get_all_notifications(template_type="sms", reference=str(message.pk))
        except APIError as error:
            raise ProviderError(_reason(error)) from error
        for item in found.get("notifications", []):
            if STATUS_MAP.get(item.get("status", ""), "pending") != "retry":
                return str(item["id"])
        return None

    def status(self, provider_id: str) -> str | None:
        try:
            item = self.client.get_notification_by_id(provider_id)
        except APIError as error:
            raise ProviderError(_reason(error)) from error
        return STATUS_MAP.get(item.get("status", ""))

    def received_texts(self) -> Any:
        return self.client.get_received_texts_iterator()
