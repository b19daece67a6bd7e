"""Contract parsing for doses given with their times (issue 13): ``"doses": [{"time": "08:00",
"dose_mg": 30}, {"time": "20:00", "dose_mg": 60}]`` on a drug item, or ``units`` per dose on a
product item, in place of dose_mg/units_per_dose, times_per_day and times."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .types import Dose, Product, RegimenItem
from .validation import Errors, forbid, join_path, number_field, require_dict, unknown_keys

TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
MAX_DOSE_MG = Decimal(2000)


DOSE_KEYS = frozenset({"time", "dose_mg", "units"})


DOSES_HELP = (
    'must be a list of doses like [{"time": "08:00", "dose_mg": 30}, '
    '{"time": "20:00", "dose_mg": 60}]'
)


def dose_entries(
    obj: dict[str, Any], path: str, as_needed: bool, errors: Errors, product: Product | None
) -> list[tuple[str, Decimal, Decimal | None]] | None:
    """(time, mg, units) per dose; ``units`` only for a named product."""
    field, value = join_path(path, "doses"), obj["doses"]
    why = 'is not used with "doses": each dose already says its time and amount'
    clashing = ("dose_mg", "times_per_day", "times", "mg_per_day")
    forbid(obj, clashing + (("units_per_dose",) if product else ()), path, errors, why)
    if as_needed:
        errors.add(
            field,
            "as-needed doses have no clock times: give dose_mg (or units_per_dose) "
            "and times_per_day instead",
        )
        return None
    if not isinstance(value, list) or not value or len(value) > 24:
        errors.add(field, DOSES_HELP + " (1 to 24 doses)")
        return None
    entries = [_dose_entry(v, f"{field}[{i}]", errors, product) for i, v in enumerate(value)]
    clean = [e for e in entries if e is not None]
    if len(clean) != len(entries):
        return None
    if len({e[0] for e in clean}) != len(clean):
        errors.add(field, "each dose must have a different time (add the amounts taken together)")
        return None
    return sorted(clean)


def _dose_entry(
    value: Any, path: str, errors: Errors, product: Product | None
) -> tuple[str, Decimal, Decimal | None] | None:
    obj = require_dict(value, path, errors)
    if obj is None:
        return None
    unknown_keys(obj, DOSE_KEYS if product else frozenset({"time", "dose_mg"}), path, errors)
    time = obj.get("time")
    if not isinstance(time, str) or not TIME_PATTERN.match(time):
        errors.add(join_path(path, "time"), "must be a 24-hour time written HH:MM")
        return None
    amounts = [k for k in ("dose_mg", "units") if k in obj]
    if len(amounts) != 1:
        errors.add(path, "give the amount as dose_mg" + (" or units" if product else ""))
        return None
    if amounts[0] == "units" and product is not None:
        units = number_field(obj, "units", path, errors, maximum=Decimal(100))
        mg = None if units is None else units * (product.strength_mg or Decimal(0))
    else:
        mg = number_field(obj, "dose_mg", path, errors, maximum=MAX_DOSE_MG)
        units = None if mg is None or product is None else mg / (product.strength_mg or 1)
    if mg is None:
        return None
    if product is not None and units is not None and units % product.dose_increment != 0:
        errors.add(
            path,
            f"{product.name} can only be taken in steps of {product.dose_increment:f} "
            f"{product.unit} (it may not be split further)",
        )
        return None
    return time, mg, units


def with_doses(
    base: RegimenItem, entries: list[tuple[str, Decimal, Decimal | None]]
) -> RegimenItem:
    doses = tuple(Dose(time, mg, units) for time, mg, units in entries)
    amounts = {d.mg for d in doses}
    units = {d.units for d in doses}
    return replace(
        base,
        mg_per_day=sum((d.mg for d in doses), Decimal(0)),
        dose_mg=next(iter(amounts)) if len(amounts) == 1 else None,
        times_per_day=Decimal(len(doses)),
        times=tuple(d.time for d in doses),
        units_per_dose=next(iter(units)) if len(units) == 1 else None,
        doses=doses,
    )


def product_doses_item(
    obj: dict[str, Any], path: str, product: Product, as_needed: bool, errors: Errors
) -> RegimenItem | None:
    entries = dose_entries(obj, path, as_needed, errors, product)
    if entries is None:
        return None
    base = RegimenItem(
        drug=product.drug, route=product.route, product=product, release=product.release
    )
    return with_doses(base, entries)
