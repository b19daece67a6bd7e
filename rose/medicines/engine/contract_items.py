"""Contract parsing for one regimen item: by dm+d product (units per dose, or a patch) or by
drug and route (mg a day, a dose and times a day, doses with times, or a patch rate)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .contract_doses import MAX_DOSE_MG, TIME_PATTERN, dose_entries, product_doses_item, with_doses
from .formulary import Formulary, default_formulary
from .tables import TableSet, default_tables
from .types import Product, RegimenItem
from .validation import (
    Errors,
    bool_field,
    forbid,
    join_path,
    number_field,
    require_dict,
    string_field,
    unknown_keys,
    whole_field,
)

ROUTES = (
    "oral",
    "sublingual",
    "transdermal",
    "buccal",
    "nasal",
    "subcutaneous",
    "intravenous",
    "intramuscular",
)
MAX_MCG_PER_HOUR = Decimal(400)
DEFAULT_TIMES = {
    1: ("08:00",),
    2: ("08:00", "20:00"),
    3: ("08:00", "14:00", "22:00"),
    4: ("08:00", "12:00", "17:00", "22:00"),
}
ITEM_KEYS = frozenset(
    {
        "drug",
        "route",
        "dose_mg",
        "times_per_day",
        "mg_per_day",
        "mcg_per_hour",
        "product",
        "units_per_dose",
        "as_needed",
        "times",
        "release",
        "doses",
    }
)


class ParseContext:
    def __init__(self, formulary: Formulary | None, tables: TableSet | None) -> None:
        self.formulary = formulary or default_formulary()
        self.tables = tables or default_tables()
        table_drugs = {row.drug for table in self.tables.tables for row in table.rows}
        self.drugs = frozenset(table_drugs | self.formulary.drugs())


def _item(value: Any, path: str, ctx: ParseContext, errors: Errors) -> RegimenItem | None:
    obj = require_dict(value, path, errors)
    if obj is None:
        return None
    unknown_keys(obj, ITEM_KEYS, path, errors)
    if "product" in obj:
        return _product_item(obj, path, ctx, errors)
    if "drug" in obj:
        return _drug_item(obj, path, ctx, errors)
    errors.add(path, 'each item needs either "product" (a dm+d name) or "drug" and "route"')
    return None


def _times(
    obj: dict[str, Any], path: str, count: Decimal | None, errors: Errors
) -> tuple[str, ...]:
    """Dosing times: as given (HH:MM, one per dose) or the defaults for times_per_day
    (an item whose times were not given is marked ``times_assumed`` by its builder)."""
    if "times" not in obj:
        whole = int(count) if count is not None and count == count.to_integral_value() else 0
        return DEFAULT_TIMES.get(whole, ())
    value, field = obj["times"], join_path(path, "times")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        errors.add(field, 'must be a list of times like ["08:00", "20:00"]')
        return ()
    if not all(TIME_PATTERN.match(t) for t in value) or len(set(value)) != len(value):
        errors.add(field, "each time must be a different 24-hour time written HH:MM")
        return ()
    if count is None or len(value) != count:
        errors.add(field, "must list one time for each dose a day (times_per_day)")
        return ()
    return tuple(sorted(value))


def _times_per_day(
    obj: dict[str, Any], path: str, as_needed: bool, errors: Errors
) -> Decimal | None:
    if "times_per_day" not in obj:
        errors.add(join_path(path, "times_per_day"), "is required with a dose per administration")
        return None
    count = number_field(obj, "times_per_day", path, errors, maximum=Decimal(24))
    if count is not None and not as_needed and count != count.to_integral_value():
        errors.add(join_path(path, "times_per_day"), "must be a whole number for scheduled doses")
        return None
    return count


def _product_item(
    obj: dict[str, Any], path: str, ctx: ParseContext, errors: Errors
) -> RegimenItem | None:
    name = string_field(obj, "product", path, errors)
    why = 'is not used with "product": the product already says the drug and strength'
    forbid(
        obj,
        ("drug", "route", "dose_mg", "mg_per_day", "mcg_per_hour", "release"),
        path,
        errors,
        why,
    )
    if name is None:
        return None
    product = ctx.formulary.by_name(name)
    if product is None:
        errors.add(
            join_path(path, "product"),
            f'"{name}" is not in the formulary (version {ctx.formulary.version}); '
            "use the dm+d product name",
        )
        return None
    as_needed = bool_field(obj, "as_needed", path, errors)
    if product.is_patch:
        return _patch_product_item(obj, path, product, as_needed, errors)
    return _unit_product_item(obj, path, product, as_needed, errors)


def _patch_product_item(
    obj: dict[str, Any], path: str, product: Product, as_needed: bool, errors: Errors
) -> RegimenItem | None:
    forbid(
        obj,
        ("times_per_day", "times", "doses"),
        path,
        errors,
        "does not apply to a patch: give units_per_dose as the number of patches worn",
    )
    count = 1
    if "units_per_dose" in obj:
        count = whole_field(obj, "units_per_dose", path, errors, 4) or 0
    if count == 0:
        return None
    return RegimenItem(
        drug=product.drug,
        route=product.route,
        patches=(product,) * count,
        product=product,
        units_per_dose=Decimal(count),
        as_needed=as_needed,
        release=product.release,
    )


def _unit_product_item(
    obj: dict[str, Any], path: str, product: Product, as_needed: bool, errors: Errors
) -> RegimenItem | None:
    if "doses" in obj:
        return product_doses_item(obj, path, product, as_needed, errors)
    field = join_path(path, "units_per_dose")
    if "units_per_dose" not in obj:
        errors.add(field, f"is required (how many {product.unit}s are taken each time)")
        return None
    units = number_field(obj, "units_per_dose", path, errors, maximum=Decimal(100))
    count = _times_per_day(obj, path, as_needed, errors)
    if units is None or count is None or product.strength_mg is None:
        return None
    if product.unit in ("tablet", "capsule") and units % product.dose_increment != 0:
        errors.add(
            field,
            f"{product.name} can only be taken in steps of "
            f"{product.dose_increment:f} {product.unit} (it may not be split further)",
        )
        return None
    dose = units * product.strength_mg
    times = _times(obj, path, count, errors)
    return RegimenItem(
        drug=product.drug,
        route=product.route,
        mg_per_day=dose * count,
        dose_mg=dose,
        times_per_day=count,
        times=times,
        product=product,
        units_per_dose=units,
        as_needed=as_needed,
        release=product.release,
        times_assumed=_assumed(obj, times, as_needed),
    )


def _assumed(obj: dict[str, Any], times: tuple[str, ...], as_needed: bool) -> bool:
    return bool(times) and "times" not in obj and not as_needed


def _drug_item(
    obj: dict[str, Any], path: str, ctx: ParseContext, errors: Errors
) -> RegimenItem | None:
    drug, route = string_field(obj, "drug", path, errors), string_field(obj, "route", path, errors)
    forbid(obj, ("units_per_dose",), path, errors, 'is only used with "product"')
    if drug is not None and drug.lower() not in ctx.drugs:
        errors.add(
            join_path(path, "drug"),
            f'"{drug}" is not a known opioid (known: {", ".join(sorted(ctx.drugs))})',
        )
        drug = None
    if route is not None and route not in ROUTES:
        errors.add(
            join_path(path, "route"), f'"{route}" is not a known route ({", ".join(ROUTES)})'
        )
        route = None
    release = _release(obj, path, errors)
    if drug is None or route is None:
        return None
    as_needed = bool_field(obj, "as_needed", path, errors)
    if route == "transdermal":
        return _patch_drug_item(obj, path, drug.lower(), ctx, as_needed, errors)
    return _dose_drug_item(obj, path, drug.lower(), route, as_needed, release, errors)


def _release(obj: dict[str, Any], path: str, errors: Errors) -> str | None:
    if "release" not in obj:
        return None
    if obj["release"] not in ("immediate", "modified"):
        errors.add(join_path(path, "release"), 'must be "immediate" or "modified"')
        return None
    return str(obj["release"])


def _patch_drug_item(
    obj: dict[str, Any], path: str, drug: str, ctx: ParseContext, as_needed: bool, errors: Errors
) -> RegimenItem | None:
    forbid(
        obj,
        ("dose_mg", "mg_per_day", "times_per_day", "times", "doses"),
        path,
        errors,
        "a transdermal patch is given in micrograms per hour (mcg_per_hour), not mg or doses",
    )
    if "mcg_per_hour" not in obj:
        errors.add(join_path(path, "mcg_per_hour"), "is required for a transdermal patch")
        return None
    rate = number_field(obj, "mcg_per_hour", path, errors, maximum=MAX_MCG_PER_HOUR)
    if rate is None:
        return None
    patches = patches_for_rate(ctx.formulary.patches(drug), rate)
    if not patches:
        errors.add(
            join_path(path, "mcg_per_hour"),
            f"no {drug} patch, or pair of patches, in the "
            f"formulary makes {rate:f} micrograms/hour; enter each patch as its own item",
        )
        return None
    return RegimenItem(
        drug=drug, route="transdermal", patches=patches, as_needed=as_needed, release="modified"
    )


def patches_for_rate(patches: tuple[Product, ...], rate: Decimal) -> tuple[Product, ...]:
    """One labelled patch strength equal to ``rate``, else the first pair that adds up to it."""
    for patch in patches:
        if patch.strength_mcg_per_hour == rate:
            return (patch,)
    for first in patches:
        for second in patches:
            total = (first.strength_mcg_per_hour or 0) + (second.strength_mcg_per_hour or 0)
            if total == rate and first.family == second.family:
                return (first, second)
    return ()


def _dose_drug_item(
    obj: dict[str, Any],
    path: str,
    drug: str,
    route: str,
    as_needed: bool,
    release: str | None,
    errors: Errors,
) -> RegimenItem | None:
    """An oral-type item given by drug: mg_per_day, or dose_mg with times_per_day."""
    why = "micrograms per hour is only for transdermal patches; give dose_mg or mg_per_day"
    forbid(obj, ("mcg_per_hour",), path, errors, why)
    if "doses" in obj:
        entries = dose_entries(obj, path, as_needed, errors, None)
        base = RegimenItem(drug=drug, route=route, as_needed=as_needed, release=release)
        return None if entries is None else with_doses(base, entries)
    if "mg_per_day" in obj:
        why = "give either mg_per_day, or dose_mg with times_per_day, not both"
        forbid(obj, ("dose_mg", "times_per_day"), path, errors, why)
        daily = number_field(obj, "mg_per_day", path, errors, maximum=MAX_DOSE_MG * 24)
        if daily is None:
            return None
        return RegimenItem(
            drug=drug, route=route, as_needed=as_needed, release=release, mg_per_day=daily
        )
    if "dose_mg" not in obj:
        errors.add(join_path(path, "dose_mg"), "is required (or give mg_per_day)")
        return None
    dose = number_field(obj, "dose_mg", path, errors, maximum=MAX_DOSE_MG)
    count = _times_per_day(obj, path, as_needed, errors)
    if dose is None or count is None:
        return None
    times = _times(obj, path, count, errors)
    return RegimenItem(  # built whole: dataclasses.replace on a base item costs twice as much
        drug=drug,
        route=route,
        as_needed=as_needed,
        release=release,
        mg_per_day=dose * count,
        dose_mg=dose,
        times_per_day=count,
        times=times,
        times_assumed=_assumed(obj, times, as_needed),
    )
