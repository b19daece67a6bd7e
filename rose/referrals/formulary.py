"""Opioid product names for the referral form, read from whatever rose.medicines offers.

The medicines app may add database models for the formulary; until then (and as the fallback)
the packaged formulary of the dose engine is used, so the names always match what
`ome_calculate` accepts."""

from __future__ import annotations

from functools import lru_cache

from rose.medicines.engine import default_formulary


@lru_cache(maxsize=1)
def opioid_products() -> tuple[tuple[str, str], ...]:
    """(name, unit) of every product, sorted by name."""
    formulary = default_formulary()
    return tuple(sorted((p.name, p.unit) for p in formulary.products))


def product_choices() -> list[tuple[str, str]]:
    return [("", "Choose a medicine")] + [(name, name) for name, _ in opioid_products()]


def product_unit(name: str) -> str:
    return dict(opioid_products()).get(name, "")


def is_patch(name: str) -> bool:
    return product_unit(name) == "patch"
