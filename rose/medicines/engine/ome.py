"""Oral morphine equivalent (OME) calculator.

OME mg/day = opioid mg/day x factor, or for patches a per-patch lookup (or a
factor per delivered mcg/h) with patches worn together adding up. Items that
cannot be converted (methadone, specialist conversions, drugs missing from
the chosen table) make the total ``None``: the engine never guesses a number.
"""

from __future__ import annotations

from decimal import Decimal

from .limits import DoseLimits, default_limits
from .types import (
    ConversionRow,
    ConversionTable,
    EngineWarning,
    ItemResult,
    OmeResult,
    Regimen,
    RegimenItem,
)

DEFAULT_HIGH_DOSE_MG = Decimal(120)
NALOXONE_MG = Decimal(50)
SPECIALIST_MG = Decimal(300)
# MHRA Drug Safety Update, March 2020 (opioids with benzodiazepines and benzodiazepine-like
# drugs, i.e. z-drugs), gabapentin (2017) and pregabalin (2021), and other CNS depressants named
# there: each raises the risk of respiratory depression and sedation with an opioid.
SEDATIVE_CO_PRESCRIPTIONS = frozenset(
    {
        "benzodiazepine",
        "z-drug",
        "gabapentinoid",
        "antipsychotic",
        "sedating-antihistamine",
        "alcohol",
    }
)
SEDATIVE_WORDS = {
    "benzodiazepine": "a benzodiazepine",
    "z-drug": "a z-drug (zopiclone, zolpidem)",
    "gabapentinoid": "a gabapentinoid (gabapentin, pregabalin)",
    "antipsychotic": "an antipsychotic",
    "sedating-antihistamine": "a sedating antihistamine",
    "alcohol": "alcohol",
}
MHRA_SOURCE = (
    "MHRA Drug Safety Update March 2020 (opioids and benzodiazepines or benzodiazepine-like "
    "drugs, gabapentinoids and other CNS depressants)"
)
NOT_CALCULABLE_METHODS = frozenset({"specialist", "no-agreed-conversion"})


def item_ome(item: RegimenItem, table: ConversionTable) -> ItemResult:
    """Convert one regimen item under one table, or explain why it cannot be."""
    row = table.row(item.drug, item.route)
    if row is None:
        message = (
            f"{table.title} has no conversion for {item.drug} by the {item.route} route, "
            "so this item is not calculable under this table."
        )
        return ItemResult(item, None, "not-in-table", None, table.source, message)
    if row.method in NOT_CALCULABLE_METHODS:
        return ItemResult(item, None, row.method, None, row.source, row.reason)
    if row.method == "patch-lookup":
        return _patch_lookup(item, row)
    if row.method == "per-mcg-hour":
        delivered = sum((p.delivers_mcg_per_hour or Decimal(0) for p in item.patches), Decimal(0))
        return ItemResult(item, delivered * _factor(row), row.method, row.factor, row.source)
    if item.mg_per_day is None:
        message = f"{item.description} has no daily dose in mg, so it cannot be converted."
        return ItemResult(item, None, "not-in-table", None, row.source, message)
    daily = item.mg_per_day * _factor(row)
    return ItemResult(item, daily, "factor", row.factor, row.source, row.warning)


def _factor(row: ConversionRow) -> Decimal:
    if row.factor is None:
        raise ValueError(f"conversion row for {row.drug} {row.route} has no factor")
    return row.factor


def _patch_lookup(item: RegimenItem, row: ConversionRow) -> ItemResult:
    """Sum the table's value for each patch worn; a strength missing from the table stops it."""
    table = dict(row.lookup_mg_per_day)
    total = Decimal(0)
    for patch in item.patches:
        value = table.get(patch.strength_mcg_per_hour or Decimal(-1))
        if value is None:
            message = f"The table has no value for {patch.name}, so it is not calculable."
            return ItemResult(item, None, "patch-lookup", None, row.source, message)
        total += value
    return ItemResult(item, total, "patch-lookup", None, row.source)


def calculate_ome(
    regimen: Regimen,
    table: ConversionTable,
    *,
    high_dose_threshold: Decimal = DEFAULT_HIGH_DOSE_MG,
    limits: DoseLimits | None = None,
) -> OmeResult:
    """Per-item and total OME mg/day for a regimen, with safety warnings."""
    results = tuple(item_ome(item, table) for item in regimen.items)
    known = sum((r.ome_mg_per_day for r in results if r.ome_mg_per_day is not None), Decimal(0))
    calculable = all(r.ome_mg_per_day is not None for r in results)
    total = known if calculable else None
    warnings = regimen_warnings(regimen, results, known, calculable, high_dose_threshold)
    extra = _duplicate_warnings(regimen) + (limits or default_limits()).warnings(regimen)
    return OmeResult(table, results, total, warnings + tuple(extra))


def _item_key(item: RegimenItem) -> tuple[object, ...]:
    return (
        item.drug,
        item.route,
        item.product,
        item.patches,
        item.mg_per_day,
        item.dose_mg,
        item.times_per_day,
        item.times if not item.times_assumed else (),
        item.doses,
        item.as_needed,
        item.release,
    )


def _duplicate_warnings(regimen: Regimen) -> list[EngineWarning]:
    """The same line entered twice is counted twice, but never silently."""
    first: dict[tuple[object, ...], int] = {}
    warnings = []
    for number, item in enumerate(regimen.items, start=1):
        key = _item_key(item)
        if key in first:
            warnings.append(
                EngineWarning(
                    "duplicate-item",
                    (
                        f"Items {first[key]} and {number} are the same line ({item.description}). "
                        "Both are counted; check it was not entered twice."
                    ),
                )
            )
        else:
            first[key] = number
    return warnings


def regimen_warnings(
    regimen: Regimen,
    results: tuple[ItemResult, ...],
    known: Decimal,
    calculable: bool,
    high_dose_threshold: Decimal,
) -> tuple[EngineWarning, ...]:
    """Warnings in a fixed order. When some items are not calculable the dose
    warnings still fire on the part that is known ("at least"), so a missing
    methadone line can never hide a high total from the rest of the regimen."""
    warnings = list(_not_calculable_warnings(results))
    warnings += _dose_warnings(known, calculable, high_dose_threshold)
    warnings += _sedative_warnings(regimen, known, calculable)
    drugs = sorted({item.drug for item in regimen.items})
    if len(drugs) > 1:
        message = (
            f"More than one opioid is prescribed ({', '.join(drugs)}). Consider moving to "
            "one long-acting opioid before reducing."
        )
        warnings.append(EngineWarning("multiple-opioids", message))
    if any(item.as_needed for item in regimen.items):
        message = (
            "The regimen includes as-needed doses; they are counted at the average number "
            "taken per day, so the total depends on that figure being accurate."
        )
        warnings.append(EngineWarning("as-needed-use", message))
    warnings += [
        EngineWarning("conversion-caution", r.item.description + ": " + row_warning)
        for r in results
        if (row_warning := _row_warning(r)) is not None
    ]
    return tuple(warnings)


def _row_warning(result: ItemResult) -> str | None:
    """A calculable item's message is the table row's caution (e.g. CDC methadone)."""
    return result.message if result.ome_mg_per_day is not None else None


def _not_calculable_warnings(results: tuple[ItemResult, ...]) -> list[EngineWarning]:
    return [
        EngineWarning("not-calculable", f"{r.item.description}: {r.message}")
        for r in results
        if r.ome_mg_per_day is None
    ]


def _amount(known: Decimal, calculable: bool) -> str:
    figure = f"{known.normalize():f} mg"
    return figure if calculable else f"at least {figure} (some items not calculable)"


def _dose_warnings(known: Decimal, calculable: bool, threshold: Decimal) -> list[EngineWarning]:
    amount = _amount(known, calculable)
    warnings = []
    if known >= threshold:
        message = (
            f"The total of {amount} oral morphine equivalent a day is at or above "
            f"{threshold.normalize():f} mg, where the risk of harm rises with no extra benefit."
        )
        warnings.append(EngineWarning("high-dose", message))
    if known > SPECIALIST_MG:
        message = f"The total of {amount} a day is above 300 mg: seek specialist pain support."
        warnings.append(EngineWarning("specialist-review", message))
    return warnings


def _sedative_warnings(regimen: Regimen, known: Decimal, calculable: bool) -> list[EngineWarning]:
    reasons = []
    if known >= NALOXONE_MG:
        reasons.append(f"the total is {_amount(known, calculable)} a day (50 mg or more)")
    sedatives = [s for s in SEDATIVE_WORDS if s in regimen.co_prescribed]
    named = " and ".join(SEDATIVE_WORDS[s] for s in sedatives)
    if sedatives:
        reasons.append(f"{named} {'is' if len(sedatives) == 1 else 'are'} co-prescribed")
    if not reasons:
        return []
    message = "Offer naloxone and overdose advice: " + "; ".join(reasons) + "."
    warnings = [EngineWarning("naloxone", message)]
    if sedatives:
        warnings.append(
            EngineWarning(
                "sedative-co-prescribed",
                (
                    f"An opioid with {named} raises the risk of sedation and of breathing slowing "
                    "dangerously: prescribe together only where there is no alternative, at the "
                    "lowest doses for the shortest time, and tell the patient and carers the "
                    f"signs (source: {MHRA_SOURCE})."
                ),
            )
        )
    return warnings
