"""The hooks messaging offers the apps above it (rose.core.hooks): register in AppConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rose.core.hooks import Policy, hook

if TYPE_CHECKING:
    from rose.messaging.models import InboundMessage, OutboundMessage
    from rose.patients.models import Patient


@hook(policy=Policy.ISOLATE, registered_by="apps above messaging")
def reply_handler(inbound: InboundMessage) -> bool:
    """A matched patient's reply that is not a keyword, a red flag or a check-in answer, before it goes
    to the nurse inbox: return True when you handled it (a group offer YES/NO); the first True ends
    it. One that raises is logged and the reply goes on to the next handler and the inbox."""
    return False


@hook(policy=Policy.ISOLATE, registered_by="apps above messaging")
def red_flag(patient: Patient, inbound: InboundMessage) -> None:
    """A patient's reply is a red flag, after the urgent inbox item, task and crisis reply exist
    (plans pauses the plan). One that raises never stops the red-flag reply or the inbox item."""


@hook(policy=Policy.LOG, registered_by="apps above messaging")
def send_check(message: OutboundMessage) -> str:
    """Asked immediately before each provider call, with the text's row locked: a non-empty answer
    (the reason) cancels the text (plans: a text about a plan goes only while it is in progress)."""
    return ""
