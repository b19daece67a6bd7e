"""Shared JSON handling for the command line and the API: parse a body, run the facade, and
turn every bad input into the contract's {"errors": [...]} (never a traceback)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rose.medicines.services import ContractError, ome_calculate, taper_calculate

MAX_BODY_BYTES = 256 * 1024


def _error(field: str, message: str) -> dict[str, Any]:
    return {"errors": [{"field": field, "message": message}]}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice ({"dose_mg": 10, "dose_mg": 100}) is refused: JSON parsers disagree on
    which one wins, so silently taking the last could change a dose."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f'the key "{key[:40]}" is given more than once in one object')
        obj[key] = value
    return obj


def parse_json(text: str | bytes) -> tuple[Any, dict[str, Any] | None]:
    """(value, None) or (None, errors body). NaN and Infinity, and duplicated keys, are refused."""
    if len(text) > MAX_BODY_BYTES:
        return None, _error("request", f"is too large (at most {MAX_BODY_BYTES // 1024} KB)")
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text, parse_constant=_reject_constant,
                          object_pairs_hook=_refuse_duplicate_keys), None
    except UnicodeDecodeError:
        return None, _error("request", "is not UTF-8 text")
    except (ValueError, RecursionError) as exc:
        return None, _error("request", f"is not valid JSON ({str(exc)[:120]})")


def run(kind: str, value: Any, programme: Any = None) -> tuple[bool, dict[str, Any]]:
    """(ok, body) for kind "ome" or "taper"."""
    call: Callable[..., dict[str, Any]] = ome_calculate if kind == "ome" else taper_calculate
    try:
        if kind == "ome":
            return True, call(regimen=value, programme=programme)
        return True, call(request=value, programme=programme)
    except ContractError as error:
        return False, {"errors": list(error.errors)}
    except RecursionError:
        return False, _error("request", "is nested too deeply")


def dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, indent=2)
