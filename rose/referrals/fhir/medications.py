"""FHIR intake of the medicines: each current MedicationStatement as a ROSE regimen item (a dm+d
product of the formulary, the dose in its units, times a day, as needed)."""

from __future__ import annotations

from typing import Any

from rose.referrals.fhir.errors import problem
from rose.referrals.fhir.found import Found, _text
from rose.referrals.fhir.units import ProductUnits, UnitError, dose_in_product_units


def _products() -> dict[str, ProductUnits]:
    from rose.medicines.engine import default_formulary

    return {p.name.lower(): ProductUnits(
        name=p.name, unit=p.unit, dose_increment=p.dose_increment, strength_mg=p.strength_mg,
        mcg_per_hour=tuple(r for r in (p.strength_mcg_per_hour, p.delivers_mcg_per_hour) if r is not None),
        combination=p.partner is not None) for p in default_formulary().products}


def _medicine_names(statement: dict[str, Any], found: Found) -> list[Any]:
    concept = statement.get("medicationCodeableConcept")
    if not isinstance(concept, dict):
        resolved = found.resolve((statement.get("medicationReference") or {}).get("reference"), statement)
        concept = (resolved[0].get("code") if resolved else None) or {}
    if not isinstance(concept, dict):
        return []
    return [concept.get("text")] + [c.get("display") for c in concept.get("coding") or [] if isinstance(c, dict)]


def _frequency(dosage: dict[str, Any]) -> float | None:
    repeat = ((dosage.get("timing") or {}).get("repeat") or {})
    frequency, period, unit = repeat.get("frequency"), repeat.get("period", 1), repeat.get("periodUnit", "d")
    per_day = {"h": 24, "d": 1, "wk": 1 / 7}.get(unit)
    if not isinstance(frequency, int | float) or not isinstance(period, int | float) or not per_day or period <= 0:
        return None
    value = frequency / period * per_day
    return int(value) if float(value).is_integer() else round(value, 2)


def _number(value: Any) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _medication_item(statement: dict[str, Any], where: str, found: Found, products: dict[str, ProductUnits],
                     problems: list[dict[str, Any]]) -> dict[str, Any] | None:
    candidates = _medicine_names(statement, found)
    product = next((products[str(c).lower()] for c in candidates if c and str(c).lower() in products), None)
    if product is None:
        shown = _text(next((c for c in candidates if c), "the medicine"), 120)
        problems.append(problem(f"{shown!r} is not in the ROSE formulary; use the dm+d product name",
                                f"{where}.medication", code="code-invalid"))
        return None
    dosages = statement.get("dosage") or []
    dosage = next((d for d in dosages if isinstance(d, dict)), {})
    rates = [r for r in dosage.get("doseAndRate") or [] if isinstance(r, dict)]
    quantity = rates[0].get("doseQuantity") if rates else None
    dose_path = f"{where}.dosage[0].doseAndRate[0].doseQuantity"
    if not isinstance(quantity, dict):
        problems.append(problem("The dose is missing: give dosage.doseAndRate.doseQuantity with a value and unit",
                                dose_path, code="required"))
        return None
    try:
        units, _ = dose_in_product_units(quantity, product)
    except UnitError as exc:
        problems.append(problem(f"{product.name}: {exc}", dose_path, code="value"))
        return None
    item: dict[str, Any] = {"product": product.name, "units_per_dose": _number(units)}
    if product.unit != "patch":
        per_day = _frequency(dosage)
        if per_day is None:
            problems.append(problem("timing.repeat frequency and period are needed", f"{where}.dosage[0].timing",
                                    code="required"))
            return None
        item["times_per_day"] = per_day
    # R4 says "as needed" with asNeededBoolean, or asNeededCodeableConcept ("as needed for pain").
    if dosage.get("asNeededBoolean") is True or isinstance(dosage.get("asNeededCodeableConcept"), dict):
        item["as_needed"] = True
    return item


def medication_items(found: Found, problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    products = _products()
    items = []
    for statement, where in found.others:
        if statement.get("resourceType") != "MedicationStatement":
            continue
        if statement.get("status") not in (None, "active", "intended"):
            continue  # completed, stopped, entered-in-error, not-taken...: not a current opioid
        item = _medication_item(statement, where, found, products, problems)
        if item:
            items.append(item)
    return items
