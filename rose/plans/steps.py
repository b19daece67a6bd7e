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
from typing import TYPE_CHECKING, Any

from rose.core.presenters import time as format_time
from rose.medicines.engine.wording import dose_text_from
from rose.medicines.services import ContractError, ome_calculate

if TYPE_CHECKING:
    from rose.accounts.models import Programme

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
_COUNTED = re.compile(r"dose (\d+) of (?:up to )?(\d+)")


def slot_of(adm: dict[str, Any]) -> dict[str, Any]:
    """The engine's typed `slot` of a dose (docs/dose-engine.md), or the same shape read from the
    `time` words of steps saved before the engine gave one. Only a strict HH:MM is a clock time."""
    slot = adm.get("slot")
    if isinstance(slot, dict) and slot.get("kind"):
        return slot
    label = str(adm.get("time", "") or "")
    counted = _COUNTED.search(label)
    number, count = (int(counted.group(1)), int(counted.group(2))) if counted else (None, None)
    if is_patch(adm):
        return {"time": None, "kind": "patch", "label": label, "wear_hours": _hours_in(label)}
    if CLOCK.match(label):
        return {"time": label, "kind": "clock", "label": label}
    kind = "as-needed" if adm.get("as_needed") or label.lower().startswith("as needed") else "untimed"
    return {"time": None, "kind": kind, "label": label, "number": number, "count": count}


def clock_time(adm: dict[str, Any]) -> dt.time | None:
    """The dose's clock time, or None when the engine gave a label instead ("as needed, dose 1 of
    3", "dose 2 of 6", a patch change)."""
    slot = slot_of(adm)
    when = str(slot.get("time") or "")
    return dt.time.fromisoformat(when) if slot["kind"] == "clock" and CLOCK.match(when) else None


def is_as_needed(adm: dict[str, Any]) -> bool:
    return slot_of(adm)["kind"] == "as-needed"


def when_words(adm: dict[str, Any]) -> str:
    """When a dose is taken, in words: `at 8am`, `only when needed (up to 3 doses a day)`,
    `as dose 2 of 6 in the day`, or the patch change."""
    slot = slot_of(adm)
    if slot["kind"] == "patch" or is_patch(adm):
        return patch_words(adm)
    clock = clock_time(adm)
    if clock is not None:
        return f"at {format_time(clock)}"
    count, number = slot.get("count"), slot.get("number")
    if slot["kind"] == "as-needed":
        return f"only when needed (up to {count} doses a day)" if count else "only when needed"
    if count and number:
        return f"as dose {number} of {count} in the day"
    return str(slot.get("label") or "") or "at the usual time"


def _hours_in(label: str) -> int | None:
    hours = re.search(r"(\d+)\s*hour", label)
    if hours:
        return int(hours.group(1))
    days = re.search(r"(\d+)\s*day", label)
    return int(days.group(1)) * 24 if days else None


def wear_hours(adm: dict[str, Any]) -> int:
    """A patch's wear time in hours: the slot's `wear_hours`, else read from `change every 72
    hours` (72 if not said)."""
    slot = slot_of(adm)
    return int(slot.get("wear_hours") or _hours_in(str(adm.get("time", ""))) or 72)


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


def step_ome(administrations: list[dict[str, Any]], *, table: str, programme: Programme | None = None) -> Decimal:
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


def dose_key(step: Step) -> list[tuple[str, str, str, str]]:
    """What the patient takes in a step, in a form that compares equal for the same doses (product,
    amount, unit and time of each administration, in any order)."""
    return sorted((str(adm.get("product", "")), format(Decimal(str(adm.get("units", 0))).normalize(), "f"),
                   str(adm.get("unit", "")), str(adm.get("time", ""))) for adm in step.get("administrations", []))


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


class DoseWords:
    """Dose words from the engine's one wording function, so a liquid always reads "5 ml (10 mg) of
    morphine sulfate 10 mg/5 ml oral solution" (never a volume alone). Uses each dose's own
    `dose_text`; for steps saved before the engine gave one, the strength comes from the dose's
    `dose_mg` or, failing that, from the formulary in force, read at most once per instance."""

    def __init__(self) -> None:
        self._formulary: Any = None

    def product(self, name: str) -> Any:
        if self._formulary is None:
            from rose.medicines.formulary_db import formulary_in_force

            self._formulary = formulary_in_force()[0]
        return self._formulary.by_name(name)

    def strength(self, name: str, administrations: list[dict[str, Any]]) -> Decimal | None:
        for adm in administrations:
            if adm.get("product") == name and adm.get("dose_mg") is not None and _d(adm["units"]):
                return _d(adm["dose_mg"]) / _d(adm["units"])
        found = self.product(name)
        return found.strength_mg if found is not None else None

    def dose(self, adm: dict[str, Any]) -> str:
        if adm.get("dose_text"):
            return str(adm["dose_text"])
        found = None if adm.get("dose_mg") is not None else self.product(adm["product"])
        strength = self.strength(adm["product"], [adm]) if found is None else found.strength_mg
        drug = found.drug if found is not None and found.partner is not None else None
        return dose_text_from(adm["product"], _d(adm["units"]), adm["unit"], strength, drug)

    def supply(self, line: dict[str, Any], administrations: list[dict[str, Any]]) -> str:
        """`140 ml (280 mg) of morphine sulfate ...` for a liquid; `28 tablets of ...` otherwise."""
        strength = self.strength(line["product"], administrations) if line["unit"] == "ml" else None
        return dose_text_from(line["product"], _d(line["quantity"]), line["unit"], strength)

    def with_units(self, adm: dict[str, Any], units: int | float) -> dict[str, Any]:
        """A dose changed by hand: its amount and words recalculated, never the old ones kept."""
        strength = self.strength(adm["product"], [adm])
        new = {key: value for key, value in adm.items() if key not in ("dose_mg", "dose_text")}
        new["units"] = units
        if strength is not None and not is_patch(adm):
            new["dose_mg"] = _number(strength * _d(units))
        new["dose_text"] = self.dose(new)
        return new


def is_liquid(adm: dict[str, Any]) -> bool:
    return adm.get("unit") == "ml"


def dose_sentence(administrations: list[dict[str, Any]], words: DoseWords | None = None) -> str:
    """`one morphine 30mg modified-release tablet at 8am and one ... at 8pm`; liquids in ml and mg
    (`5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution at 8am`); patches say when to
    change; as-needed doses say so (never read as a clock time)."""
    if not administrations:
        return "none: stop taking this medicine"
    words_for = words or DoseWords()
    parts = []
    for adm in administrations:
        text = dose_phrase(adm, words_for)
        parts.append(f"{text}: {when_words(adm)}" if is_patch(adm) else f"{text} {when_words(adm)}")
    return " and ".join(parts)


def dose_phrase(adm: dict[str, Any], words: DoseWords) -> str:
    """What is taken, without when: `one morphine 30mg modified-release tablet`; a liquid in ml and mg."""
    if is_liquid(adm):
        return words.dose(adm)
    return f"{units_words(adm['units'])} {product_words(adm['product'], adm['units'], adm['unit'])}"
