"""Questionnaire instruments as data: validation of a definition file and scoring.

A definition is JSON (see docs/instruments.md). This module has no database access: it turns
a definition dict plus answers `{item_code: int | str | None}` into scores, so every rule
(sums, means, reverse items, subscales, missing items, bands, alerts) is testable by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"
BUILTIN_CODES = ("peg", "phq9", "gad7", "pgic", "fft", "sci")
SCORING_METHODS = {"sum", "mean", "category"}
ALERT_OPS = {"gt": lambda a, b: a > b, "gte": lambda a, b: a >= b, "lt": lambda a, b: a < b,
             "lte": lambda a, b: a <= b, "eq": lambda a, b: a == b}


class DefinitionError(ValueError):
    """A definition file is not usable; `.errors` lists plain-English problems."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def load_builtin(code: str) -> dict[str, Any]:
    return json.loads((BUILTIN_DIR / f"{code}.json").read_text(encoding="utf-8"))


def builtin_definitions() -> list[dict[str, Any]]:
    return [load_builtin(code) for code in BUILTIN_CODES]


def item_map(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in definition["items"]}


def is_text_item(item: dict[str, Any]) -> bool:
    return item.get("type") == "text"


def option_values(item: dict[str, Any]) -> list[int]:
    return [int(option["value"]) for option in item.get("options", [])]


def validate_definition(definition: Any) -> dict[str, Any]:
    """Check a definition; raise DefinitionError listing every problem found."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        raise DefinitionError(["The file must contain one JSON object"])
    for key in ("code", "name", "version", "citation", "licence", "items", "scoring"):
        if not definition.get(key):
            errors.append(f"Missing '{key}'")
    if errors:
        raise DefinitionError(errors)
    code = str(definition["code"])
    if not code.replace("_", "").isalnum() or not code.islower() or len(code) > 40:
        errors.append("'code' must be lower-case letters, digits and underscores, 40 characters or fewer")
    items = definition["items"]
    if not isinstance(items, list) or not items:
        raise DefinitionError([*errors, "'items' must be a non-empty list"])
    codes: list[str] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("code") or not item.get("text"):
            errors.append(f"Item {index} needs a 'code' and 'text'")
            continue
        codes.append(item["code"])
        if is_text_item(item):
            continue
        options = item.get("options")
        if not isinstance(options, list) or len(options) < 2:
            errors.append(f"Item '{item['code']}' needs at least 2 options")
            continue
        try:
            values = [int(option["value"]) for option in options]
        except (KeyError, TypeError, ValueError):
            errors.append(f"Item '{item['code']}' has an option without a whole-number 'value'")
            continue
        if len(set(values)) != len(values):
            errors.append(f"Item '{item['code']}' has two options with the same value")
        if any(not option.get("label") for option in options):
            errors.append(f"Item '{item['code']}' has an option without a 'label'")
    if len(set(codes)) != len(codes):
        errors.append("Item codes must be unique")
    known = set(codes)
    scales = [("scoring", definition["scoring"])] + [
        (f"subscale '{s.get('code')}'", s) for s in definition.get("subscales", [])]
    for name, scale in scales:
        if scale.get("method") not in SCORING_METHODS:
            errors.append(f"{name}: method must be one of {', '.join(sorted(SCORING_METHODS))}")
        missing = [c for c in scale.get("items", []) if c not in known]
        if not scale.get("items") or missing:
            unknown = f" (unknown: {', '.join(missing)})" if missing else ""
            errors.append(f"{name}: items must name existing items{unknown}")
    for page in definition.get("pages", []):
        if any(c not in known for c in page):
            errors.append("'pages' names an item that does not exist")
    for alert in definition.get("alerts", []):
        when = alert.get("when", {})
        if when.get("op") not in ALERT_OPS or "value" not in when or not alert.get("code") or not alert.get("title"):
            errors.append(f"Alert '{alert.get('code', '?')}' needs code, title and when.op/value")
        elif "item" in when and when["item"] not in known:
            errors.append(f"Alert '{alert['code']}' names an unknown item")
    if errors:
        raise DefinitionError(errors)
    return definition


def pages(definition: dict[str, Any]) -> list[list[str]]:
    """Items grouped into pages: the definition's own grouping, else one item per page."""
    return definition.get("pages") or [[item["code"]] for item in definition["items"]]


@dataclass
class ScaleResult:
    code: str
    value: Decimal | None
    answered: int
    expected: int
    prorated: bool = False
    reason: str = ""
    band: str = ""


@dataclass
class ScoreResult:
    total: ScaleResult
    subscales: list[ScaleResult] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    version: str = ""

    def as_json(self) -> dict[str, Any]:
        return {s.code: {"value": None if s.value is None else str(s.value), "answered": s.answered,
                         "expected": s.expected, "prorated": s.prorated, "reason": s.reason, "band": s.band}
                for s in self.subscales}


def _quantise(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _item_score(item: dict[str, Any], value: int) -> int:
    if item.get("reverse"):
        values = option_values(item)
        return min(values) + max(values) - value
    return value


def score_scale(definition: dict[str, Any], scale: dict[str, Any], answers: dict[str, Any],
                code: str = "total") -> ScaleResult:
    items = item_map(definition)
    codes = scale["items"]
    given = {c: answers.get(c) for c in codes if isinstance(answers.get(c), int)}
    expected = len(codes)
    result = ScaleResult(code=code, value=None, answered=len(given), expected=expected)
    method = scale["method"]
    if method == "category":
        if not given:
            result.reason = "Not answered"
            return result
        value = next(iter(given.values()))
        if value in scale.get("excluded", []):
            result.reason = "Answered 'don't know'"
            return result
        result.value = Decimal(1 if value in scale.get("positive", []) else 0)
        result.band = "Positive" if result.value else "Not positive"
        return result
    max_missing = int(scale.get("max_missing", 0))
    if expected - len(given) > max_missing:
        result.reason = (f"Not scored: {expected - len(given)} of {expected} questions unanswered "
                         f"(at most {max_missing} may be missing)")
        return result
    scores = [Decimal(_item_score(items[c], v)) for c, v in given.items()]
    decimals = int(scale.get("decimals", 0))
    if method == "mean":
        value = sum(scores, Decimal(0)) / len(scores)
    else:
        value = sum(scores, Decimal(0))
        if len(given) < expected and scale.get("prorate"):
            value = value * expected / len(given)
            result.prorated = True
    result.value = _quantise(value, decimals)
    return result


def band_for(bands: list[dict[str, Any]], value: Decimal | None) -> str:
    if value is None:
        return ""
    for band in bands:
        if Decimal(str(band["min"])) <= value <= Decimal(str(band["max"])):
            return str(band["label"])
    return ""


def alerts_for(definition: dict[str, Any], answers: dict[str, Any], total: Decimal | None) -> list[dict[str, Any]]:
    """Alerts whose condition holds. Item alerts fire as soon as the item is answered."""
    fired = []
    for alert in definition.get("alerts", []):
        when = alert["when"]
        compare = ALERT_OPS[when["op"]]
        if "item" in when:
            value = answers.get(when["item"])
            if isinstance(value, int) and compare(value, when["value"]):
                fired.append(alert)
        elif total is not None and compare(total, Decimal(str(when["value"]))):
            fired.append(alert)
    return fired


def score(definition: dict[str, Any], answers: dict[str, Any]) -> ScoreResult:
    """Score a whole response. Answers outside an item's options are ignored (treated as missing)."""
    items = item_map(definition)
    clean = {c: v for c, v in answers.items()
             if c in items and not is_text_item(items[c]) and isinstance(v, int) and v in option_values(items[c])}
    total = score_scale(definition, definition["scoring"], clean)
    if not total.band:
        total.band = band_for(definition.get("bands", []), total.value)
    subs = []
    for sub in definition.get("subscales", []):
        result = score_scale(definition, sub, clean, code=sub["code"])
        result.band = band_for(sub.get("bands", []), result.value)
        subs.append(result)
    return ScoreResult(total=total, subscales=subs, alerts=alerts_for(definition, clean, total.value),
                       version=str(definition["version"]))
