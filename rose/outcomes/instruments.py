"""Questionnaire instruments as data: validation of a definition file and scoring.

A definition is JSON (see docs/instruments.md). This module has no database access: it turns
a definition dict plus answers `{item_code: int | str | None}` into scores, so every rule
(sums, means, reverse items, subscales, missing items, bands, alerts) is testable by hand.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

BUILTIN_DIR = Path(__file__).resolve().parent / "instruments"
SCHEMA_PATH = BUILTIN_DIR / "definition.schema.json"
BUILTIN_CODES = ("peg", "phq9", "gad7", "pgic", "fft", "sci")
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
    """Check a definition against the JSON Schema (instruments/definition.schema.json), then the rules across
    the file; raise DefinitionError listing every problem found, in plain English."""
    errors = _schema_errors(definition)
    if not errors:
        errors = _reference_errors(definition)
    if errors:
        raise DefinitionError(errors)
    return definition


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _schema_errors(definition: Any) -> list[str]:
    validator = _validator()
    found = sorted(validator.iter_errors(definition), key=lambda e: [str(p) for p in e.absolute_path])
    messages: list[str] = []
    for error in found:
        if error.validator == "required" and not error.absolute_path and isinstance(definition, dict):
            text = [f"Missing '{key}'" for key in error.validator_value if key not in definition]
        else:
            text = [_message(validator.schema, error).format_map(_places(definition, list(error.absolute_path)))]
        messages += [t for t in text if t not in messages]
    return messages


def _message(schema: dict[str, Any], error: Any) -> str:
    """The 'message' of the innermost schema on the failing keyword's path ($ref is followed, and is not
    itself a step of jsonschema's path)."""
    node: Any = schema
    message = str(schema["message"])
    path = list(error.absolute_schema_path)
    for index, key in enumerate(path):
        while isinstance(node, dict) and key not in node and "$ref" in node:
            node = functools.reduce(lambda at, part: at[part], node["$ref"].removeprefix("#/").split("/"), schema)
            message = str(node.get("message", message))
        if index == len(path) - 1:  # the failing keyword itself
            break
        node = node[key]
        if isinstance(node, dict):
            message = str(node.get("message", message))
    return message


def _places(definition: Any, path: list[Any]) -> dict[str, str]:
    """What {item}, {scale}, {alert}, {band} stand for at this place in the file."""
    def code_of(collection: str, index: Any) -> Any:
        value = definition.get(collection, []) if isinstance(definition, dict) else []
        entry = value[index] if isinstance(value, list) and isinstance(index, int) and index < len(value) else None
        return entry.get("code") if isinstance(entry, dict) else None

    places = {"item": "An item", "scale": "scoring", "alert": "Alert '?'", "band": "A band"}
    if len(path) > 1 and path[0] == "items":
        code = code_of("items", path[1])
        places["item"] = f"Item '{code}'" if isinstance(code, str) and code else f"Item {int(path[1]) + 1}"
    if len(path) > 1 and path[0] == "subscales":
        places["scale"] = f"subscale '{code_of('subscales', path[1]) or '?'}'"
    if len(path) > 1 and path[0] == "alerts":
        places["alert"] = f"Alert '{code_of('alerts', path[1]) or '?'}'"
    if "bands" in path and path.index("bands") + 1 < len(path):
        number = int(path[path.index("bands") + 1]) + 1
        places["band"] = f"Band {number}" + (f" of {places['scale']}" if path[0] != "bands" else "")
    return places


def _reference_errors(definition: dict[str, Any]) -> list[str]:
    """Rules across the file that a JSON Schema cannot say: unique codes and values, names that exist."""
    errors: list[str] = []
    codes = [item["code"] for item in definition["items"]]
    for item in definition["items"]:
        values = option_values(item)
        if len(set(values)) != len(values):
            errors.append(f"Item '{item['code']}' has two options with the same value")
    if len(set(codes)) != len(codes):
        errors.append("Item codes must be unique")
    known = set(codes)
    scales = [("scoring", definition["scoring"])] + [(f"subscale '{s['code']}'", s) for s in
                                                     definition.get("subscales", [])]
    for name, scale in scales:
        if missing := [c for c in scale["items"] if c not in known]:
            errors.append(f"{name}: items must name existing items (unknown: {', '.join(missing)})")
    if any(c not in known for page in definition.get("pages", []) for c in page):
        errors.append("'pages' names an item that does not exist")
    for alert in definition.get("alerts", []):
        if "item" in alert["when"] and alert["when"]["item"] not in known:
            errors.append(f"Alert '{alert['code']}' names an unknown item")
    return errors


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
    given: dict[str, Any] = {c: answers.get(c) for c in codes if isinstance(answers.get(c), int)}  # ints
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
