"""Pure helpers on a version's step list (the dose engine's step JSON): re-checking a hand-made
step with the engine, holds, shifting dates, differences between versions and plain-English doses.

Every OME here comes from the engine facade (`ome_calculate`), never from arithmetic of our own.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rose.core.presenters import time as format_time
from rose.medicines.services import ContractError, ome_calculate

Step = dict[str, Any]


class StepError(ValueError):
    """A step that cannot be used, with a message for the clinician."""


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def is_patch(adm: dict[str, Any]) -> bool:
    return adm.get("unit") == "patch"


CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_COUNTED = re.compile(r"dose (\d+) of (\d+)")


def clock_time(adm: dict[str, Any]) -> dt.time | None:
    """The dose's clock time, or None when the engine gave a label instead ("as needed, dose 1 of
    3", "dose 2 of 6", a patch change). Only a strict HH:MM is ever read as a time."""
    label = str(adm.get("time", "") or "")
    return dt.time.fromisoformat(label) if CLOCK.match(label) and not is_patch(adm) else None


def is_as_needed(adm: dict[str, Any]) -> bool:
    return bool(adm.get("as_needed")) or str(adm.get("time", "")).lower().startswith("as needed")


def when_words(adm: dict[str, Any]) -> str:
    """When a dose is taken, in words: `at 8am`, `only when needed (up to 3 doses a day)`,
    `as dose 2 of 6 in the day`, or the patch change."""
    label = str(adm.get("time", "") or "")
    if is_patch(adm):
        return patch_words(adm)
    clock = clock_time(adm)
    if clock is not None:
        return f"at {format_time(clock)}"
    counted = _COUNTED.search(label)
    if is_as_needed(adm):
        most = f" (up to {counted.group(2)} doses a day)" if counted else ""
        return f"only when needed{most}"
    if counted:
        return f"as dose {counted.group(1)} of {counted.group(2)} in the day"
    return label or "at the usual time"


def wear_hours(adm: dict[str, Any]) -> int:
    """A patch's wear time in hours, from the engine's `change every 72 hours` (72 if not said)."""
    digits = re.search(r"(\d+)\s*hour", str(adm.get("time", "")))
    if digits:
        return int(digits.group(1))
    days = re.search(r"(\d+)\s*day", str(adm.get("time", "")))
    return int(days.group(1)) * 24 if days else 72


def patch_words(adm: dict[str, Any]) -> str:
    """`take off the old patch and put on a new one every 3 days (72 hours)`; 168 hours reads as 7 days."""
    hours = wear_hours(adm)
    if hours % 24 == 0:
        days = hours // 24
        every = "every 7 days (once a week)" if days == 7 else f"every {days} days ({hours} hours)"
    else:
        every = f"every {hours} hours"
    return f"take off the old patch and put on a new one {every}"


def administrations_regimen(administrations: list[dict[str, Any]], table: str) -> dict[str, Any]:
    """A contract regimen equivalent to a step's administrations (one item per administration)."""
    items: list[dict[str, Any]] = []
    for adm in administrations:
        units = _d(adm["units"])
        number: int | float = int(units) if units == units.to_integral_value() else float(units)
        if is_patch(adm):
            items.append({"product": adm["product"], "units_per_dose": number})
        elif clock_time(adm) is not None:
            items.append({"product": adm["product"], "units_per_dose": number, "times_per_day": 1,
                          "times": [adm["time"]]})
        else:  # an as-needed or numbered dose: counted once a day, with no clock time
            items.append({"product": adm["product"], "units_per_dose": number, "times_per_day": 1,
                          **({"as_needed": True} if is_as_needed(adm) else {})})
    return {"table": table, "items": items}


def step_ome(administrations: list[dict[str, Any]], *, table: str, programme: Any = None) -> Decimal:
    """OME mg a day of a step's administrations, by the engine. Raises StepError when impossible."""
    if not administrations:
        return Decimal(0)
    try:
        answer = ome_calculate(regimen=administrations_regimen(administrations, table), programme=programme)
    except ContractError as exc:
        raise StepError(_contract_message(exc, administrations)) from exc
    if not answer["calculable"] or answer["total_ome_mg_per_day"] is None:
        raise StepError("This dose cannot be converted to oral morphine equivalents: ask a specialist")
    return _d(answer["total_ome_mg_per_day"])


def _contract_message(exc: ContractError, administrations: list[dict[str, Any]]) -> str:
    messages = []
    for error in exc.errors:
        where = error.get("field", "")
        label = where
        if where.startswith("items["):
            index = int(where[6:where.index("]")])
            adm = administrations[index] if index < len(administrations) else {}
            label = f"{adm.get('product', 'dose')} at {adm.get('time', '')}".strip()
        messages.append(f"{label}: {error.get('message', 'is not a dose that can be given')}")
    return "This dose cannot be given: " + "; ".join(messages)


@dataclass
class AdjustmentCheck:
    """Problems with a hand-made step: `refused` always block; `override` need an explicit override."""

    refused: list[str] = field(default_factory=list)
    override: list[str] = field(default_factory=list)


def check_step(steps: list[Step], index: int, new: Step, *, plan_start: dt.date, starting_ome: Decimal,
               max_step_percent: Decimal) -> AdjustmentCheck:
    """Re-apply the engine's safety rules to step `index` replaced by `new` (dates and dose)."""
    check = AdjustmentCheck()
    start, end = parse_date(new["start_date"]), parse_date(new["end_date"])
    if start < plan_start:
        check.refused.append(f"The step cannot start before the plan starts ({_long(plan_start)})")
    if end < start:
        check.refused.append("The step must end on or after the day it starts")
    if index > 0 and start <= parse_date(steps[index - 1]["end_date"]):
        check.refused.append(f"The step overlaps step {index}, which ends on "
                             f"{_long(parse_date(steps[index - 1]['end_date']))}")
    if index + 1 < len(steps) and end >= parse_date(steps[index + 1]["start_date"]):
        check.refused.append(f"The step overlaps step {index + 2}, which starts on "
                             f"{_long(parse_date(steps[index + 1]['start_date']))}")
    before = _d(steps[index - 1]["ome_mg_per_day"]) if index > 0 else starting_ome
    _check_change(check, before, _d(new["ome_mg_per_day"]), max_step_percent, f"step {index + 1}")
    if index + 1 < len(steps):
        _check_change(check, _d(new["ome_mg_per_day"]), _d(steps[index + 1]["ome_mg_per_day"]), max_step_percent,
                      f"step {index + 2}")
    return check


def _check_change(check: AdjustmentCheck, before: Decimal, after: Decimal, max_pct: Decimal, name: str) -> None:
    if after > before:
        check.override.append(f"This makes {name} an increase, from {_mg(before)} to {_mg(after)} mg OME a day")
    elif before > 0 and after < before:
        cut = (before - after) * 100 / before
        if cut > max_pct:
            check.override.append(f"This makes {name} cut {_mg(cut.quantize(Decimal('0.1')))}% "
                                  f"({_mg(before)} to {_mg(after)} mg OME a day), more than the "
                                  f"{_mg(max_pct)}% maximum step")


def _mg(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _long(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def renumber(steps: list[Step]) -> list[Step]:
    for number, step in enumerate(steps, start=1):
        step["step"] = number
    return steps


def shift(steps: list[Step], from_index: int, days: int) -> None:
    """Move steps from `from_index` onwards by `days` (positive or negative)."""
    delta = dt.timedelta(days=days)
    for step in steps[from_index:]:
        step["start_date"] = (parse_date(step["start_date"]) + delta).isoformat()
        step["end_date"] = (parse_date(step["end_date"]) + delta).isoformat()


def hold_insert(steps: list[Step], *, after_step: int, days: int, reason: str) -> list[Step]:
    """A hold: `days` more at the dose of step `after_step`, inserted after it; later steps move on."""
    new = copy.deepcopy(steps)
    if not 1 <= after_step <= len(new):
        raise StepError(f"There is no step {after_step}: choose a step from 1 to {len(new)}")
    held = new[after_step - 1]
    if _d(held["ome_mg_per_day"]) == 0:
        raise StepError("A hold cannot be added after the plan has stopped")
    try:
        start = parse_date(held["end_date"]) + dt.timedelta(days=1)
        end = start + dt.timedelta(days=days - 1)
        shift(new, after_step, days)
    except OverflowError as exc:
        raise StepError("The hold would move the plan's dates past the end of the calendar") from exc
    hold = {**copy.deepcopy(held), "start_date": start.isoformat(), "end_date": end.isoformat(), "days": days,
            "kind": "hold", "reason": reason, "note": "Hold: the same dose for longer",
            "supply": supply_for(held, days)}
    new.insert(after_step, hold)
    return renumber(new)


def supply_for(step: Step, days: int) -> list[dict[str, Any]]:
    """Supply for `days` of a step's administrations (whole tablets; patches by changes)."""
    totals: dict[tuple[str, str], Decimal] = {}
    for adm in step.get("administrations", []):
        key = (adm["product"], adm["unit"])
        if is_patch(adm):
            wear_days = _wear_days(adm)
            changes = -(-days // wear_days)
            totals[key] = totals.get(key, Decimal(0)) + _d(adm["units"]) * changes
        else:
            totals[key] = totals.get(key, Decimal(0)) + _d(adm["units"]) * days
    return [{"product": product, "quantity": _number(qty.to_integral_value(rounding="ROUND_CEILING")),
             "unit": unit} for (product, unit), qty in totals.items()]


def _wear_days(adm: dict[str, Any]) -> int:
    return max(1, wear_hours(adm) // 24)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def diff_steps(old: list[Step], new: list[Step]) -> list[dict[str, Any]]:
    """Row per step number: what changed between two versions (dates, dose, kind)."""
    rows = []
    for number in range(1, max(len(old), len(new)) + 1):
        before = old[number - 1] if number <= len(old) else None
        after = new[number - 1] if number <= len(new) else None
        changes = _step_changes(before, after)
        rows.append({"number": number, "before": before, "after": after, "changes": changes,
                     "changed": bool(changes)})
    return rows


def _step_changes(before: Step | None, after: Step | None) -> list[str]:
    if before is None:
        return ["Step added"]
    if after is None:
        return ["Step removed"]
    changes = []
    if (before["start_date"], before["end_date"]) != (after["start_date"], after["end_date"]):
        changes.append("Dates changed")
    if _d(before["ome_mg_per_day"]) != _d(after["ome_mg_per_day"]):
        changes.append("Dose changed")
    elif before.get("administrations") != after.get("administrations"):
        changes.append("Tablets or times changed")
    if before.get("kind", "engine") != after.get("kind", "engine"):
        changes.append("Now a hold" if after.get("kind") == "hold" else "Changed by hand")
    return changes


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def units_words(units: Any) -> str:
    value = _d(units)
    whole, half = int(value), value - int(value) == Decimal("0.5")
    if whole == 0 and half:
        return "half a"
    text = _WORDS.get(whole, str(whole))
    return f"{text} and a half" if half else text


def product_words(product: str, units: Any, unit: str) -> str:
    """`Morphine 30mg modified-release tablets`, 1 -> `morphine 30mg modified-release tablet`;
    `... transdermal patches`, 1 -> `... transdermal patch`."""
    name = product[0].lower() + product[1:] if product else product
    if _d(units) <= 1 and name.endswith(("ches", "shes", "xes")):
        return name[:-2]  # "patches" -> "patch"
    if _d(units) <= 1 and name.endswith("s"):
        return name[:-1]
    return name


def dose_sentence(administrations: list[dict[str, Any]]) -> str:
    """`one morphine 30mg modified-release tablet at 8am and one ... at 8pm`; patches say when to
    change; as-needed doses say so (never read as a clock time)."""
    if not administrations:
        return "none: stop taking this medicine"
    parts = []
    for adm in administrations:
        words = f"{units_words(adm['units'])} {product_words(adm['product'], adm['units'], adm['unit'])}"
        parts.append(f"{words}: {when_words(adm)}" if is_patch(adm) else f"{words} {when_words(adm)}")
    return " and ".join(parts)
