"""Test providers selected through ROSE_SMS_PROVIDER as dotted paths. They keep state at class
level (all threads of a process share it) behind a lock."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from typing import Any

from rose.messaging.providers.base import ACCEPTED, FAILED, RETRY, Provider, ProviderError, SendResult


class RecordingProvider(Provider):
    """Accepts everything, counts sends per reference. `fail_numbers` get a 400; `explode` raises."""

    name = "recording"
    lock = threading.Lock()
    sends: Counter = Counter()
    accepted: dict[str, str] = {}
    fail_numbers: set[str] = set()
    explode_numbers: set[str] = set()
    latency = 0.0

    @classmethod
    def reset(cls) -> None:
        with cls.lock:
            cls.sends = Counter()
            cls.accepted = {}
            cls.fail_numbers = set()
            cls.explode_numbers = set()
            cls.latency = 0.0

    def _accept(self, message: Any) -> SendResult:
        with self.lock:
            self.sends[str(message.pk)] += 1
            provider_id = f"rec-{message.pk}-{self.sends[str(message.pk)]}"
            self.accepted.setdefault(str(message.pk), provider_id)
        return SendResult(outcome=ACCEPTED, provider_id=provider_id)

    def send(self, message: Any) -> SendResult:
        if self.latency:
            time.sleep(self.latency)
        if message.to_number in self.explode_numbers:
            raise RuntimeError("provider library bug")
        if message.to_number in self.fail_numbers:
            return SendResult(outcome=FAILED, reason="Notify 400: phone_number Not a UK mobile number")
        return self._accept(message)

    def find_by_reference(self, message: Any) -> str | None:
        with self.lock:
            return self.accepted.get(str(message.pk))


class FlakyProvider(RecordingProvider):
    """Fails 30% of calls at random: half before accepting (5xx), half after accepting (timeout)."""

    name = "flaky"
    failure_rate = 0.3

    def send(self, message: Any) -> SendResult:
        roll = random.random()
        if roll < self.failure_rate / 2:
            return SendResult(outcome=RETRY, reason="Notify 500: Internal server error", uncertain=True)
        if roll < self.failure_rate:
            self._accept(message)
            return SendResult(outcome=RETRY, reason="No answer from Notify (503)", uncertain=True)
        return self._accept(message)

    def find_by_reference(self, message: Any) -> str | None:
        if random.random() < 0.1:
            raise ProviderError("Notify 503")
        return super().find_by_reference(message)
