"""Password policy (NCSC): length over complexity, no composition rules, no forced expiry, and a
deny-list. Django's CommonPasswordValidator holds about 20,000 common and breached passwords; this one
also refuses one of them with digits or symbols stuck on the ends ("iloveyou1234", "sunshine2026!"),
the commonest way people stretch a short password to the minimum length."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

_PADDING = "0123456789!?.,@#$%&*_-+=~ "


class PaddedCommonPasswordValidator(CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        plain = password.lower().strip()
        core = plain.strip(_PADDING)
        if core != plain and (core in self.passwords or len(core) < 4):
            raise ValidationError(
                "This password is a common word or password with numbers or symbols added. Use three random "
                "words instead, like 'lantern orchard pebble'",
                code="password_too_common")

    def get_help_text(self) -> str:
        return "Your password cannot be a common password with numbers or symbols added."
