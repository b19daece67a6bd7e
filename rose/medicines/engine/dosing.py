"""Doses that real products can make.

A taper step is only useful if the patient can take it with tablets,
capsules, measured volumes or patches that exist. This module lists, for one
product family, every dose one administration can make (fewest pieces first)
and every daily configuration across the patient's dosing times.

Choices (documented in docs/dose-engine.md):
- Doses are split as evenly as possible across the dosing times; when they
  cannot be equal, the larger doses go to the LATER times (evening first), so
  the night dose is the last to be reduced.
- Dosing times are dropped only when the daily dose is too small to give at
  every time: middle times go first, then the morning, and the night dose is
  the last one kept (e.g. 15 mg three times a day -> 15 mg 08:00 and 22:00 ->
  15 mg at 22:00 -> stop).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import combinations_with_replacement

from .types import Administration, Product

Combination = tuple[tuple[Product, Decimal], ...]


@dataclass(frozen=True)
class Config:
    """One daily arrangement of one regimen item: its OME and what is taken when."""

    ome: Decimal
    drug_mg: Decimal
    administrations: tuple[Administration, ...]


def _pieces(product: Product) -> list[tuple[Product, Decimal, Decimal]]:
    """(product, units, mg) for each piece: a whole unit or measure, plus a half if scored."""
    if product.strength_mg is None:
        return []
    step = product.dose_increment
    pieces = [(product, step, step * product.strength_mg)]
    if product.unit in ("tablet", "capsule") and step < 1:
        pieces.append((product, Decimal(1), product.strength_mg))
    return pieces


def _better(new: Combination, old: Combination | None) -> bool:
    """Fewest pieces, then fewest different products, then the larger strengths."""
    if old is None:
        return True

    def key(combo: Combination) -> tuple[Decimal, int, list[Decimal]]:
        strengths = sorted((p.strength_mg or Decimal(0) for p, _ in combo), reverse=True)
        return (sum((u for _, u in combo), Decimal(0)), len(combo), [-s for s in strengths])

    return key(new) < key(old)


def _merge(pieces: tuple[tuple[Product, Decimal, Decimal], ...]) -> Combination:
    units: dict[Product, Decimal] = {}
    for product, amount, _ in pieces:
        units[product] = units.get(product, Decimal(0)) + amount
    ordered = sorted(units.items(), key=lambda pu: -(pu[0].strength_mg or Decimal(0)))
    return tuple(ordered)


@lru_cache(maxsize=256)
def dose_options(products: tuple[Product, ...]) -> dict[Decimal, Combination]:
    """Every single-administration dose (opioid mg) the products can make, with its
    best combination. At most ``max_units_per_dose`` pieces are used, which also
    keeps paracetamol combinations at two tablets (1 g) a dose."""
    pieces = [piece for product in products for piece in _pieces(product)]
    limit = min((p.max_units_per_dose for p in products), default=0)
    options: dict[Decimal, Combination] = {}
    for count in range(1, limit + 1):
        for chosen in combinations_with_replacement(pieces, count):
            mg = sum((piece[2] for piece in chosen), Decimal(0))
            combo = _merge(chosen)
            if _better(combo, options.get(mg)):
                options[mg] = combo
    return options


def kept_times(times: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The ``count`` times kept: drop middle times first, then the first; keep the last."""
    dropping = list(times[1:-1]) + list(times[:1])
    dropped = set(dropping[: len(times) - count])
    return tuple(t for t in times if t not in dropped)


def _administrations(
    times: tuple[str, ...], doses: list[Decimal], options: dict[Decimal, Combination]
) -> tuple[Administration, ...]:
    return tuple(
        Administration(time, product, units)
        for time, dose in zip(times, doses, strict=True)
        for product, units in options[dose]
    )


def oral_configs(
    products: tuple[Product, ...], times: tuple[str, ...], factor: Decimal
) -> tuple[Config, ...]:
    """Every daily total the family can make at these times, ascending by OME.

    For each total the arrangement that keeps the most dosing times wins, then
    the most even one. Zero (stopped) is the first entry.
    """
    options = dose_options(products)
    levels = sorted(options)
    best: dict[Decimal, tuple[tuple[int, Decimal], list[Decimal], tuple[str, ...]]] = {}
    for active in range(1, len(times) + 1):
        slots = kept_times(times, active)
        for low, high in zip(levels, levels[1:] + levels[-1:], strict=True):
            for raised in range(active + 1):
                doses = [low] * (active - raised) + [high] * raised
                rank = (active, -(high - low if 0 < raised < active else Decimal(0)))
                total = sum(doses, Decimal(0))
                if total not in best or rank > best[total][0]:
                    best[total] = (rank, doses, slots)
    configs = [Config(Decimal(0), Decimal(0), ())]
    for total in sorted(best):
        _, doses, slots = best[total]
        configs.append(Config(total * factor, total, _administrations(slots, doses, options)))
    return tuple(configs)


def patch_configs(
    products: tuple[Product, ...], ome_of: dict[Product, Decimal]
) -> tuple[Config, ...]:
    """One or two patches worn together (never more), ascending by OME; zero first."""
    label = "change every {} hours"
    usable = [p for p in products if p in ome_of]
    best: dict[Decimal, tuple[Product, ...]] = {}
    for count in (2, 1):
        for chosen in combinations_with_replacement(usable, count):
            ome = sum((ome_of[p] for p in chosen), Decimal(0))
            best[ome] = chosen
    configs = [Config(Decimal(0), Decimal(0), ())]
    for ome in sorted(best):
        administrations = tuple(
            Administration(label.format(p.patch_wear_hours), p, Decimal(1)) for p in best[ome]
        )
        configs.append(Config(ome, Decimal(0), administrations))
    return tuple(configs)
