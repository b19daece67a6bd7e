"""Read a FHIR doseQuantity (UCUM, SNOMED CT dm+d units or plain text) as a number of the product's units.

The dose engine counts in the product's own units (tablets, capsules, ml, patches, doses). A sender
may write the dose in mg, micrograms or ml instead: those are converted exactly (Decimal) from the
product's strength, or refused with a reason. Nothing is guessed: an unknown unit, a unit that
does not fit the product, a combination product given in mg, or a result that is not a whole
number of tablets that may be taken is refused. 30 mg of a 10 mg tablet is 3 tablets, never 30.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"

# Kinds: ("count", unit name) | ("mass", mg per unit) | ("volume", ml per unit) | ("rate", mcg/hour per unit)
Kind = tuple[str, Any]

_MICROGRAM = ("mass", Decimal("0.001"))
_TEXT_UNITS: dict[str, Kind] = {
    "mg": ("mass", Decimal(1)), "milligram": ("mass", Decimal(1)), "milligrams": ("mass", Decimal(1)),
    "ug": _MICROGRAM, "mcg": _MICROGRAM, "µg": _MICROGRAM, "μg": _MICROGRAM, "microgram": _MICROGRAM,
    "micrograms": _MICROGRAM, "g": ("mass", Decimal(1000)), "gram": ("mass", Decimal(1000)),
    "grams": ("mass", Decimal(1000)),
    "ml": ("volume", Decimal(1)), "millilitre": ("volume", Decimal(1)), "millilitres": ("volume", Decimal(1)),
    "milliliter": ("volume", Decimal(1)), "milliliters": ("volume", Decimal(1)), "l": ("volume", Decimal(1000)),
    "ug/h": ("rate", Decimal(1)), "mcg/h": ("rate", Decimal(1)), "µg/h": ("rate", Decimal(1)),
    "μg/h": ("rate", Decimal(1)), "ug/hr": ("rate", Decimal(1)), "mcg/hr": ("rate", Decimal(1)),
    "microgram/hour": ("rate", Decimal(1)), "micrograms/hour": ("rate", Decimal(1)),
}
_COUNT_WORDS = {
    "tablet": ("tablet", "tablets", "tab", "tabs", "tbl", "{tablet}", "{tablets}", "{tbl}", "{tab}"),
    "capsule": ("capsule", "capsules", "cap", "caps", "{capsule}", "{capsules}", "{cap}"),
    "patch": ("patch", "patches", "{patch}", "{patches}"),
    "dose": ("dose", "doses", "{dose}", "{doses}", "spray", "sprays", "{spray}", "actuation", "{actuat}",
             "{actuation}"),
    "ampoule": ("ampoule", "ampoules", "amp", "{ampoule}", "{ampoules}"),
}
for _name, _words in _COUNT_WORDS.items():
    for _word in _words:
        _TEXT_UNITS[_word] = ("count", _name)

# UCUM is case-sensitive: mL and L are volumes; "1" is a bare count with no unit, so it is not read.
_UCUM_CODES: dict[str, Kind] = {
    "mg": ("mass", Decimal(1)), "ug": _MICROGRAM, "g": ("mass", Decimal(1000)), "mL": ("volume", Decimal(1)),
    "L": ("volume", Decimal(1000)), "ug/h": ("rate", Decimal(1)),
    **{word: ("count", name) for name, words in _COUNT_WORDS.items() for word in words if word.startswith("{")},
}
# dm+d units of measure (SNOMED CT), as UK Core dosage examples send them.
_SNOMED_CODES: dict[str, Kind] = {
    "258684004": ("mass", Decimal(1)),  # milligram
    "258685003": _MICROGRAM,  # microgram
    "258682000": ("mass", Decimal(1000)),  # gram
    "258773002": ("volume", Decimal(1)),  # millilitre
    "428673006": ("count", "tablet"),  # tablet
    "428641000": ("count", "capsule"),  # capsule
    "419702001": ("count", "patch"),  # patch
    "3317411000001100": ("count", "dose"),  # dose
    "413516001": ("count", "ampoule"),  # ampoule
}


class UnitError(ValueError):
    """The dose cannot be read in the product's units without guessing; the message says why."""


@dataclass(frozen=True)
class ProductUnits:
    name: str
    unit: str  # tablet, capsule, ml, patch, dose, ampoule
    dose_increment: Decimal
    strength_mg: Decimal | None = None  # per unit (per ml for a liquid)
    mcg_per_hour: tuple[Decimal, ...] = ()  # labelled and delivered rates of a patch
    combination: bool = False


def unit_kind(quantity: dict[str, Any]) -> tuple[Kind, str]:
    """(kind, the unit as the sender wrote it). Code and text must agree when both are understood."""
    system, code = str(quantity.get("system") or ""), str(quantity.get("code") or "").strip()
    text = str(quantity.get("unit") or "").strip()
    readings: list[Kind] = []
    if code:
        table = _UCUM_CODES if system == UCUM else _SNOMED_CODES if system == SNOMED else {}
        from_code = table.get(code) if system == UCUM else table.get(code) or _TEXT_UNITS.get(code.lower())
        if from_code is None and system == UCUM:
            raise UnitError(f"the UCUM unit {code[:30]!r} is not one ROSE reads (mg, ug, g, mL, L, ug/h, "
                            "{tablet}, {capsule}, {patch}, {dose})")
        if from_code:
            readings.append(from_code)
    if text:
        from_text = _TEXT_UNITS.get(text.lower().rstrip("."))
        if from_text:
            readings.append(from_text)
    shown = text or code
    if not readings:
        if not shown:
            raise UnitError("the dose has no unit: give a UCUM unit (mg, ug, mL) or the product's unit (tablet)")
        raise UnitError(f"the unit {shown[:30]!r} is not one ROSE reads")
    if any(reading != readings[0] for reading in readings):
        raise UnitError(f"the unit code {code[:30]!r} and the unit {text[:30]!r} disagree")
    return readings[0], shown[:30]


def _exact(value: Decimal) -> Decimal:
    """Up to 3 decimal places exactly, else refuse (a non-terminating fraction of a tablet)."""
    rounded = value.quantize(Decimal("0.001"))
    if rounded != value:
        raise UnitError("does not divide exactly")
    return value.normalize()


def _count(value: Decimal, kind: Kind, product: ProductUnits, shown: str) -> Decimal:
    category, factor = kind
    if category == "count":
        if factor != product.unit:
            raise UnitError(f"the dose is in {factor}s but {product.name} is counted in {product.unit}s")
        return value
    if category == "volume":
        if product.unit != "ml":
            raise UnitError(f"a dose in {shown} does not fit {product.name}, which is counted in {product.unit}s")
        return value * factor
    if category == "rate":
        if product.unit != "patch" or not product.mcg_per_hour:
            raise UnitError(f"a rate in {shown} only fits a patch, not {product.name}")
        for rate in product.mcg_per_hour:
            patches = value * factor / rate
            if patches == patches.to_integral_value():
                return patches
        raise UnitError(f"{value:f} {shown} is not a whole number of {product.name}")
    if product.unit == "patch":
        raise UnitError(f"give a patch dose as a number of patches or in micrograms/hour, not {shown}")
    if product.combination:
        raise UnitError(f"{product.name} combines two medicines, so a dose in {shown} is ambiguous: give it "
                        f"as a number of {product.unit}s")
    if not product.strength_mg:
        raise UnitError(f"ROSE does not hold the strength of {product.name}: give the dose in {product.unit}s")
    try:
        return _exact(value * factor / product.strength_mg)
    except UnitError:
        raise UnitError(f"{value:f} {shown} is not a whole measurable amount of {product.name}") from None


def dose_in_product_units(quantity: dict[str, Any], product: ProductUnits) -> tuple[Decimal, str]:
    """(units of the product, a note of any conversion) or UnitError with the reason."""
    raw = quantity.get("value")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise UnitError("the dose (doseQuantity.value) must be a number above zero")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise UnitError("the dose (doseQuantity.value) must be a number above zero") from None
    if not value.is_finite() or value <= 0:
        raise UnitError("the dose (doseQuantity.value) must be a number above zero")
    kind, shown = unit_kind(quantity)
    units = _count(value, kind, product, shown)
    if product.unit in ("tablet", "capsule") and units % product.dose_increment != 0:
        raise UnitError(f"{value:f} {shown} is {units:f} {product.unit}s of {product.name}, which may only be "
                        f"taken in steps of {product.dose_increment:f}")
    note = "" if kind[0] == "count" else f"{value:f} {shown} = {units:f} {product.unit}"
    return units, note
