"""Plain-English dose wording shared by every screen, text message, patient plan and letter.

One function so that a dose reads the same everywhere. Oral solutions always say both
the volume and the amount of the drug ("5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral
solution"): a volume alone, or mg alone, has caused tenfold dosing errors with liquids.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .types import Product

_UNIT_GAP = re.compile(r"(\d)(mg|ml|micrograms|microgram|g)\b")
_WORDS = {"tablet": "tablets", "capsule": "capsules", "patch": "patches", "dose": "doses"}


def product_words(name: str) -> str:
    """A product name for a sentence: lower-case first letter, a space before each unit
    ("Morphine sulfate 10mg/5ml oral solution" -> "morphine sulfate 10 mg/5 ml oral solution")."""
    spaced = _UNIT_GAP.sub(r"\1 \2", name)
    return spaced[:1].lower() + spaced[1:] if spaced else spaced


def amount(value: Decimal) -> str:
    """A quantity without trailing zeros: 2.50 -> "2.5", 10 -> "10"."""
    text = f"{value.normalize():f}"
    return text


def units_text(units: Decimal, unit: str) -> str:
    """ "1 tablet", "1.5 tablets", "5 ml", "2 patches"."""
    if unit == "ml":
        return f"{amount(units)} ml"
    plural = _WORDS.get(unit, unit + "s")
    return f"{amount(units)} {unit if units == 1 else plural}"


def dose_text(product: Product, units: Decimal) -> str:
    """One administration in words; liquids give ml and mg, every product its full name.

    For example 5 ml of the 10 mg/5 ml morphine solution reads
    "5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution"; a combination product
    names its opioid: "2 tablets (60 mg codeine) of co-codamol 30 mg/500 mg tablets".
    """
    drug = product.drug if product.partner is not None else None
    return dose_text_from(product.name, units, product.unit, product.strength_mg, drug)


def dose_text_from(
    name: str,
    units: Decimal,
    unit: str,
    strength_mg: Decimal | None,
    combination_drug: str | None = None,
) -> str:
    """``dose_text`` from the contract's fields (product name, units, unit) and the strength
    per unit, for callers that hold the JSON answer rather than engine objects."""
    return f"{amount_text(units, unit, strength_mg, combination_drug)} of {product_words(name)}"


def amount_text(
    units: Decimal, unit: str, strength_mg: Decimal | None, combination_drug: str | None = None
) -> str:
    """The amount alone: "5 ml (10 mg)", "1 tablet (30 mg)", "2 tablets (60 mg codeine)",
    "1 patch" (for a table column that already names the product)."""
    if strength_mg is None:
        return units_text(units, unit)
    mg = amount(units * strength_mg) + " mg" + (f" {combination_drug}" if combination_drug else "")
    return f"{units_text(units, unit)} ({mg})"
