"""The provider interface and the answers the dispatcher understands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACCEPTED = "accepted"  # the provider took the message (it may still fail to deliver)
RETRY = "retry"  # timeout, 5xx, 429, technical failure: try again later, asking first by reference
FAILED = "failed"  # a validation error (4xx): never retried, shown to staff


@dataclass(frozen=True)
class SendResult:
    outcome: str
    provider_id: str = ""
    reason: str = ""
    delivered: bool = False
    uncertain: bool = False  # the provider may have accepted it (a timeout after sending)
    rate_limited: bool = False  # the provider answered 429: stop sending this run


class ProviderError(Exception):
    """A lookup that could not be answered (the provider is down): try again later."""


# Normalised delivery statuses: "delivered", "failed", "retry" (technical failure), "pending".
class Provider:
    name = "base"

    def send(self, message: Any) -> SendResult:  # pragma: no cover - interface
        raise NotImplementedError

    def find_by_reference(self, message: Any) -> str | None:
        """The provider's id of a message we may have sent already, or None. Raises ProviderError."""
        return None

    def status(self, provider_id: str) -> str | None:
        """Normalised status of a sent message, or None when the provider cannot say."""
        return None

    def received_texts(self) -> list[dict[str, Any]]:
        """Recent texts received (newest first) for providers that offer polling."""
        return []
