"""Hooks for apps above messaging (they register in their AppConfig.ready()).

REPLY_HANDLERS: callables `(inbound) -> bool`, tried in order for a matched patient's reply
before it goes to the nurse inbox; return True when the reply was handled (a group offer YES/NO).
RED_FLAG_HOOKS: callables `(patient, inbound)` run when a reply is a red flag (plans pauses the plan).
SEND_CHECKS: callables `(message) -> str`, asked immediately before each provider call; a non-empty
answer (the reason) cancels the text (plans refuses texts about a plan that is no longer active).
A hook that raises is logged and skipped: it never stops the red-flag reply or the inbox item.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REPLY_HANDLERS: list[Callable[[Any], bool]] = []
RED_FLAG_HOOKS: list[Callable[[Any, Any], object]] = []
SEND_CHECKS: list[Callable[[Any], str]] = []
