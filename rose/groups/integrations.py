"""The only places groups calls the referrals waitlist and the messaging outbox (both lower apps).

Kept in one module so the rest of the app reads as plain domain code and tests can see the seams."""

from __future__ import annotations

from typing import Any


def waitlist_set_status(*, entry: Any, status: str, actor: Any = None, reason: str = "") -> Any:
    from rose.referrals import services

    return services.waitlist_set_status(entry=entry, status=status, actor=actor, reason=reason)


def message_schedule(*, patient: Any, purpose: str, body: str, due_at: Any = None, related: Any = None) -> Any:
    """Texts go through the messaging outbox, which applies consent, opt-outs and quiet hours."""
    from rose.messaging import services

    return services.message_schedule(patient=patient, purpose=purpose, body=body, due_at=due_at, related=related)


def message_cancel_for(*, related: Any, purpose: str | None = None) -> int:
    from rose.messaging import services

    return services.message_cancel_for(related=related, purpose=purpose)
