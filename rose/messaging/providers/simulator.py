"""The local simulator (default for `make run`): nothing leaves the machine; texts show on the
"phone" page, where a demo user reads them and replies as the patient."""

from __future__ import annotations

from typing import Any

from rose.messaging.providers.base import ACCEPTED, Provider, SendResult


class SimulatorProvider(Provider):
    name = "simulator"

    def send(self, message: Any) -> SendResult:
        return SendResult(outcome=ACCEPTED, provider_id=f"sim-{message.pk}", delivered=True)

    def find_by_reference(self, message: Any) -> str | None:
        return f"sim-{message.pk}" if message.provider_id else None

    def status(self, provider_id: str) -> str | None:
        return "delivered"
