"""Validation helpers for the JSON contract: collect every error with its field path.

Each helper records a plain-English message against the field's path (for
example ``items[0].dose_mg``) instead of raising, so one response lists every
problem in the request at once.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any


class ContractError(Exception):
    """A request broke the contract; ``errors`` lists ``{"field", "message"}`` dicts."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


class Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            raise ContractError(self.items)


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def number_field(
    obj: dict[str, Any],
    key: str,
    path: str,
    errors: Errors,
    *,
    maximum: Decimal,
    allow_zero: bool = False,
) -> Decimal | None:
    """A JSON number in (0, maximum] (or [0, maximum]); booleans and strings are refused."""
    field, value = join_path(path, key), obj[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.add(field, f"must be a number, not {type(value).__name__}")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(field, "must be a finite number")
        return None
    number = Decimal(str(value))
    if number < 0 or (number == 0 and not allow_zero):
        errors.add(field, "must be more than zero" if not allow_zero else "must not be negative")
        return None
    if number > maximum:
        errors.add(field, f"{number:f} is implausibly large (the limit is {maximum:f})")
        return None
    return number


def whole_field(
    obj: dict[str, Any], key: str, path: str, errors: Errors, maximum: int
) -> int | None:
    number = number_field(obj, key, path, errors, maximum=Decimal(maximum))
    if number is None:
        return None
    if number != number.to_integral_value():
        errors.add(join_path(path, key), "must be a whole number")
        return None
    return int(number)


def require_dict(value: Any, field: str, errors: Errors) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        errors.add(field or "request", "must be a JSON object")
        return None
    return value


def unknown_keys(obj: dict[str, Any], allowed: frozenset[str], path: str, errors: Errors) -> None:
    for key in obj:
        if key not in allowed:
            names = ", ".join(sorted(allowed))
            name = str(key).strip() or '""'
            errors.add(join_path(path, name), f"is not a recognised field (expected: {names})")


def string_field(obj: dict[str, Any], key: str, path: str, errors: Errors) -> str | None:
    if key not in obj:
        errors.add(join_path(path, key), "is required")
        return None
    value = obj[key]
    if not isinstance(value, str) or not value.strip():
        errors.add(join_path(path, key), "must be a non-empty text value")
        return None
    return value.strip()


def bool_field(obj: dict[str, Any], key: str, path: str, errors: Errors) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        errors.add(join_path(path, key), "must be true or false")
        return False
    return value


def forbid(obj: dict[str, Any], keys: tuple[str, ...], path: str, errors: Errors, why: str) -> None:
    for key in keys:
        if key in obj:
            errors.add(join_path(path, key), why)
