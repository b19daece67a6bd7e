"""Doses that real products can make.

A taper step is only useful if the patient can take it with tablets,
capsules, measured volumes or patches that exist. This module lists, for one
product family, every dose one administration can make (fewest pieces first,
and one whole tablet before half of a bigger one) and, from the doses the
patient takes at each dosing time, every smaller arrangement that never
raises the dose at any time.

Choices (documented in docs/dose-engine.md):
- Reductions come off the largest doses first ("water-filling"), so doses
  become as even as possible; when they cannot be equal, the larger doses go
  to the LATER times (evening first), so the night dose is the last reduced.
- No dose at any time is ever higher than the dose at that time before.
- Dosing times are dropped only when every time is already at the smallest
  dose: middle times go first, then the morning, and the night dose is the
  last one kept (15 mg three times a day -> 15 mg 08:00 and 22:00 -> 15 mg at
  22:00 -> stop).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import combinations_with_replacement

from .types import Administration, Product, Slot, patch_slot

Combination = tuple[tuple[Product, Decimal], ...]


@dataclass(frozen=True)
class Config:
    """One daily arrangement of one regimen item: its OME and what is taken when.

    For oral-type items ``doses`` is the mg taken at each of the item's slots (0 when
    that time is no longer taken) and ``parts`` the administrations at each slot.
    """

    ome: Decimal
    drug_mg: Decimal
    administrations: tuple[Administration, ...]
    doses: tuple[Decimal, ...] = ()
    parts: tuple[tuple[Administration, ...], ...] = ()


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
    """Fewest pieces (a half tablet is a piece), then fewest halves (one whole 10 mg tablet
    beats half of a 20 mg one), then fewest different products, then larger strengths."""
    if old is None:
        return True

    def key(combo: Combination) -> tuple[int, int, int, list[Decimal]]:
        strengths = sorted((p.strength_mg or Decimal(0) for p, _ in combo), reverse=True)
        halves = sum(1 for _, u in combo if u != u.to_integral_value())
        pieces = sum(int(u) for _, u in combo) + halves
        return (pieces, halves, len(combo), [-s for s in strengths])

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


@dataclass(frozen=True)
class OralFamily:
    """The doses one oral-type item can be given at its slots, and how it reduces."""

    slots: tuple[Slot, ...]
    products: tuple[Product, ...]
    factor: Decimal

    @property
    def options(self) -> dict[Decimal, Combination]:
        return dose_options(self.products)

    @property
    def levels(self) -> tuple[Decimal, ...]:
        return _levels(self.products)

    def config(self, doses: tuple[Decimal, ...], before: Config | None = None) -> Config:
        """The arrangement giving ``doses`` mg at each slot; a slot whose dose is unchanged
        keeps the products it had (the patient's own tablets)."""
        parts = []
        for index, (slot, mg) in enumerate(zip(self.slots, doses, strict=True)):
            if before is not None and before.doses[index] == mg:
                parts.append(before.parts[index])
            elif mg == 0:
                parts.append(())
            else:
                parts.append(tuple(Administration(slot, p, u) for p, u in self.options[mg]))
        total = sum(doses, Decimal(0))
        flat = tuple(a for part in parts for a in part)
        return Config(total * self.factor, total, flat, doses, tuple(parts))

    def own(self, product: Product, units: tuple[Decimal, ...]) -> Config:
        """The patient's own arrangement: ``units`` of ``product`` at each slot."""
        parts = tuple(
            (Administration(slot, product, u),) if u > 0 else ()
            for slot, u in zip(self.slots, units, strict=True)
        )
        doses = tuple(u * (product.strength_mg or Decimal(0)) for u in units)
        total = sum(doses, Decimal(0))
        flat = tuple(a for part in parts for a in part)
        return Config(total * self.factor, total, flat, doses, parts)

    def round_down(self, wanted: tuple[Decimal, ...]) -> Config:
        """Each slot's dose rounded down to a dose the products make (never up)."""
        levels = self.levels
        doses = tuple(max((v for v in levels if v <= w), default=Decimal(0)) for w in wanted)
        return self.config(doses)

    def fit(self, daily_mg: Decimal) -> Config:
        """The largest arrangement over all slots, as even as possible, not above ``daily_mg``."""
        levels = self.levels
        if not levels:
            return self.config(tuple(Decimal(0) for _ in self.slots))
        share = daily_mg / len(self.slots)
        top = min((v for v in levels if v >= share), default=levels[-1])
        current = self.config(tuple(top for _ in self.slots))
        while current.drug_mg > daily_mg:
            lower = self.lower(current)
            fitting = [c for c in lower if c.drug_mg <= daily_mg]
            current = self.config((fitting[-1] if fitting else lower[0]).doses, current)
        return current

    def lower(self, current: Config) -> list[Config]:
        """Smaller arrangements, ascending by dose, one per daily total: no dose at any slot
        rises, and a slot is dropped only when every slot is at the smallest dose.

        The arrangements are sketches (doses and OME, no administrations) because a step
        weighs many and keeps one: ``config(pick.doses, current)`` builds the one kept."""
        same = _water_filled(current.doses, self.levels) or [_drop_one(current.doses)]
        sketches = []
        for doses in same:
            total = sum(doses, Decimal(0))
            sketches.append(Config(total * self.factor, total, (), doses))
        return sketches


@lru_cache(maxsize=256)
def _levels(products: tuple[Product, ...]) -> tuple[Decimal, ...]:
    return tuple(sorted(dose_options(products)))


def _evenness(doses: tuple[Decimal, ...]) -> tuple[Decimal, tuple[Decimal, ...]]:
    """Sort key: the smallest largest dose, then the larger doses at later times."""
    return (max(doses), tuple(-d for d in reversed(doses)))


def _water_filled(
    doses: tuple[Decimal, ...], levels: tuple[Decimal, ...]
) -> list[tuple[Decimal, ...]]:
    """Every arrangement of the same slots that cuts the largest doses first, never raising
    one: for a cap level, each dose above the level below it becomes that lower level or,
    for the latest k of them, the cap. One arrangement per total, ascending."""
    active = [i for i, d in enumerate(doses) if d > 0]
    if not active:
        return []
    highest = max(doses)
    best: dict[Decimal, tuple[Decimal, ...]] = {}
    for index, high in enumerate(levels):
        low = levels[index - 1] if index else None
        if low is not None and low >= highest:
            break
        affected = [i for i in active if low is None or doses[i] > low]
        for keep_high in range(len(affected) + 1):
            if low is None and keep_high < len(affected):
                continue
            new = list(doses)
            for position, i in enumerate(affected):
                raised = position >= len(affected) - keep_high
                new[i] = min(doses[i], high) if raised else (low or Decimal(0))
            candidate = tuple(new)
            total = sum(candidate, Decimal(0))
            if candidate == doses or total >= sum(doses, Decimal(0)):
                continue
            if total not in best or _evenness(candidate) < _evenness(best[total]):
                best[total] = candidate
    return [best[t] for t in sorted(best)]


def _drop_one(doses: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """Stop one dosing time: a middle one first, then the first; the last is kept longest."""
    active = [i for i, d in enumerate(doses) if d > 0]
    order = active[1:-1] + active[:1] if len(active) > 1 else active
    new = list(doses)
    new[order[0]] = Decimal(0)
    return tuple(new)


def patch_configs(
    products: tuple[Product, ...], ome_of: dict[Product, Decimal]
) -> tuple[Config, ...]:
    """One or two patches worn together (never more), ascending by OME; zero first."""
    usable = [p for p in products if p in ome_of]
    best: dict[Decimal, tuple[Product, ...]] = {}
    for count in (2, 1):
        for chosen in combinations_with_replacement(usable, count):
            ome = sum((ome_of[p] for p in chosen), Decimal(0))
            best[ome] = chosen
    configs = [Config(Decimal(0), Decimal(0), ())]
    for ome in sorted(best):
        administrations = tuple(
            Administration(patch_slot(p.patch_wear_hours), p, Decimal(1)) for p in best[ome]
        )
        configs.append(Config(ome, Decimal(0), administrations))
    return tuple(configs)
