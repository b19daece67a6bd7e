"""SMS providers behind one small interface, chosen by settings like Django's email backends.

ROSE_SMS_PROVIDER = "simulator" (default) | "notify" | "twilio" | a dotted path to a Provider class.
Each worker thread makes its own provider (the Notify client is not shared between threads).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from rose.messaging.providers.base import Provider, ProviderError, SendResult

__all__ = ["Provider", "ProviderError", "SendResult", "get_provider", "provider_name"]

BUILTIN = {
    "simulator": "rose.messaging.providers.simulator.SimulatorProvider",
    "notify": "rose.messaging.providers.notify.NotifyProvider",
    "twilio": "rose.messaging.providers.twilio.TwilioProvider",
}


def provider_name() -> str:
    return str(getattr(settings, "ROSE_SMS_PROVIDER", "simulator") or "simulator")


def get_provider() -> Provider:
    name = provider_name()
    return import_string(BUILTIN.get(name, name))()
