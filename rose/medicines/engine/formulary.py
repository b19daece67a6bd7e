"""The formulary: UK opioid products as data, loaded from a versioned JSON file.

Products live in ``rose/medicines/data/formulary-<version>.json`` so a
pharmacist can review and change them without reading code. Each product row
cites its source and the date it was verified.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from .types import Partner, Product

K = TypeVar("K")

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_FORMULARY = DATA_DIR / "formulary-2026.1.json"


@dataclass(frozen=True)
class Formulary:
    """An immutable set of products with lookups used by the calculator and planner.

    Lookups read indexes built once per formulary (the products never change), not a scan of
    every product per call: a batch of a million rows asks for the drug list each row.
    """

    version: str
    products: tuple[Product, ...]

    @cached_property
    def _by_name(self) -> dict[str, Product]:
        index: dict[str, Product] = {}
        for product in self.products:  # the first of two with one name, as a scan would find
            index.setdefault(_normalise(product.name), product)
        return index

    @cached_property
    def _drugs(self) -> frozenset[str]:
        return frozenset(p.drug for p in self.products)

    @cached_property
    def _by_family(self) -> dict[tuple[str, str, str, str, str, int | None], tuple[Product, ...]]:
        return _grouped(self.products, lambda p: p.family)

    @cached_property
    def _by_drug_route(self) -> dict[tuple[str, str], tuple[Product, ...]]:
        return _grouped(self.products, lambda p: (p.drug, p.route))

    @cached_property
    def _patches(self) -> dict[str, tuple[Product, ...]]:
        return _grouped((p for p in self.products if p.is_patch), lambda p: p.drug)

    def by_name(self, name: str) -> Product | None:
        """The product with this exact dm+d name, ignoring case and spacing; else None."""
        return self._by_name.get(_normalise(name))

    def family(self, product: Product) -> tuple[Product, ...]:
        """Every product that may stand in for ``product`` when rounding a dose."""
        return self._by_family.get(product.family, ())

    def drugs(self) -> frozenset[str]:
        return self._drugs

    def patches(self, drug: str) -> tuple[Product, ...]:
        return self._patches.get(drug, ())

    def for_drug(self, drug: str, route: str) -> tuple[Product, ...]:
        return self._by_drug_route.get((drug, route), ())


def _grouped(
    products: Iterable[Product], key: Callable[[Product], K]
) -> dict[K, tuple[Product, ...]]:
    """Products grouped by ``key``, each group in formulary order."""
    groups: dict[K, list[Product]] = {}
    for product in products:
        groups.setdefault(key(product), []).append(product)
    return {k: tuple(v) for k, v in groups.items()}


def _normalise(name: str) -> str:
    return " ".join(name.lower().split())


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _product(row: dict[str, Any]) -> Product:
    partner = row.get("combination_partner")
    return Product(
        name=row["name"],
        drug=row["drug"],
        form=row["form"],
        route=row["route"],
        release=row["release"],
        unit=row["unit"],
        dose_increment=Decimal(str(row["dose_increment"])),
        max_units_per_dose=int(row["max_units_per_dose"]),
        may_be_halved=bool(row["may_be_halved"]),
        source=row["source"],
        verified_on=row["verified_on"],
        strength_mg=_decimal(row.get("strength_mg_per_unit")),
        strength_mcg_per_hour=_decimal(row.get("strength_mcg_per_hour")),
        delivers_mcg_per_hour=_decimal(
            row.get("delivers_mcg_per_hour", row.get("strength_mcg_per_hour"))
        ),
        patch_wear_hours=row.get("patch_wear_hours"),
        partner=Partner(partner["drug"], Decimal(partner["mg"])) if partner else None,
    )


def load_formulary(path: Path | str | None = None) -> Formulary:
    """Load a formulary file (the packaged default when ``path`` is None)."""
    with open(path or DEFAULT_FORMULARY, encoding="utf-8") as handle:
        document = json.load(handle)
    products = tuple(_product(row) for row in document["products"])
    names = [_normalise(p.name) for p in products]
    if len(names) != len(set(names)):
        raise ValueError("formulary has duplicate product names")
    return Formulary(version=str(document["version"]), products=products)


@lru_cache(maxsize=1)
def default_formulary() -> Formulary:
    """The packaged formulary, loaded once per process."""
    return load_formulary()
