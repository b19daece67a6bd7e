"""Item tracks for the taper planner: each regimen item's real arrangements (the products that
round it, its dosing slots, its starting dose) and the choice of each step's real dose.

``taper`` builds the plan from these; the rules are in its docstring and docs/dose-engine.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal

from .dosing import Config, OralFamily, patch_configs
from .formulary import Formulary
from .ome import item_ome
from .taper_checks import and_list, exact_start, mg_text, strength, units_per_slot
from .types import (
    Administration,
    ConversionTable,
    EngineWarning,
    Product,
    RegimenItem,
    Slot,
    TaperRequest,
    clock_slot,
    patch_slot,
)

HUNDRED = Decimal(100)
FORM_PREFERENCE = ("tablet", "capsule", "oral solution")


@dataclass(frozen=True)
class ItemTrack:
    """One regimen item as the planner reduces it: its real arrangements and where it is.

    Oral-type items carry ``oral`` (smaller arrangements are worked out from the current
    one, so no dose at any time ever rises); patches list every arrangement in ``configs``.
    """

    priority: tuple[int, Decimal]
    configs: tuple[Config, ...]
    current: Config
    oral: OralFamily | None = None


class _Planner:
    def __init__(self, request: TaperRequest, formulary: Formulary, table: ConversionTable):
        self.request, self.formulary, self.table = request, formulary, table
        self.strategy = request.strategy
        self.warnings: list[EngineWarning] = []

    # ----- building item tracks -------------------------------------------------
    def family(self, item: RegimenItem) -> tuple[Product, ...]:
        """Products used to round this item: its own family, limited by use_products."""
        if item.product is not None:
            family = self.formulary.family(item.product)
        elif item.patches:
            family = self.formulary.family(item.patches[0])
        else:
            family = self._assumed_family(item)
        chosen = tuple(p for p in family if p in self.request.use_products) or family
        strengths = self.request.use_strengths
        if not strengths:
            return chosen
        allowed = tuple(p for p in chosen if strength(p) in strengths)
        named = and_list(tuple(map(mg_text, strengths)))
        if not allowed:
            self.warnings.append(
                EngineWarning(
                    "strength-limit-not-met",
                    (
                        f"None of the allowed strengths ({named}) "
                        f"is made for {item.description}; the plan uses its usual strengths."
                    ),
                )
            )
        return allowed or chosen

    def _assumed_family(self, item: RegimenItem) -> tuple[Product, ...]:
        """For an item given by drug alone, assume the plain (non-combination) product
        family: the stated release, else modified-release when taken at most twice a
        day, preferring tablets. The assumption is always reported."""
        plain = [p for p in self.formulary.for_drug(item.drug, item.route) if p.partner is None]
        twice = item.times_per_day is None or item.times_per_day <= 2
        release = item.release or ("modified" if twice and not item.as_needed else "immediate")
        matching = [p for p in plain if p.release == release] or plain
        for form in FORM_PREFERENCE + tuple(p.form for p in matching):
            found = tuple(p for p in matching if p.form == form)
            if found:
                self.warnings.append(
                    EngineWarning(
                        "product-assumed",
                        (
                            f"{item.description} was given without a product; the plan uses "
                            f"{found[0].release}-release {found[0].form} strengths. "
                            "Check this is right."
                        ),
                    )
                )
                return found
        return ()

    def slots(self, item: RegimenItem, family: tuple[Product, ...]) -> tuple[Slot, ...]:
        """The item's dosing slots: its clock times, "as needed" or untimed doses (five or
        more a day with no times given), never invented clock times without a warning."""
        if item.as_needed:
            count = math.ceil(item.times_per_day or 1)
            return tuple(
                Slot(None, "as-needed", f"as needed (dose {n} of up to {count} a day)", n, count)
                for n in range(1, count + 1)
            )
        if item.times:
            if item.times_assumed:
                self._times_assumed(item, item.times)
            return tuple(clock_slot(t) for t in item.times)
        if item.times_per_day is not None:
            count = int(item.times_per_day)
            return tuple(
                Slot(None, "untimed", f"dose {n} of {count} a day", n, count)
                for n in range(1, count + 1)
            )
        count = 2 if family and family[0].release == "modified" else 4
        times = {2: ("08:00", "20:00"), 4: ("08:00", "12:00", "17:00", "22:00")}[count]
        self._times_assumed(item, times)
        return tuple(clock_slot(t) for t in times)

    def _times_assumed(self, item: RegimenItem, times: tuple[str, ...]) -> None:
        self.warnings.append(
            EngineWarning(
                "dosing-times-assumed",
                (
                    f"{item.description} was given without dosing times; the plan assumes "
                    f"{len(times)} a day at {and_list(times)}. Check these are the times the "
                    "patient takes it."
                ),
            )
        )

    def configs(self, item: RegimenItem, family: tuple[Product, ...]) -> tuple[Config, ...]:
        """Every arrangement of a patch item (one or two patches); just 'stopped' otherwise."""
        if family and family[0].is_patch:
            ome_of = {}
            for patch in family:
                single = replace(item, patches=(patch,), product=patch)
                value = item_ome(single, self.table).ome_mg_per_day
                if value is not None:
                    ome_of[patch] = value
            return patch_configs(family, ome_of)
        return (Config(Decimal(0), Decimal(0), ()),)

    def oral(self, item: RegimenItem, family: tuple[Product, ...]) -> OralFamily | None:
        if not family or family[0].is_patch:
            return None
        row = self.table.row(family[0].drug, family[0].route)
        if row is None or row.factor is None or row.method != "factor":
            return None
        return OralFamily(self.slots(item, family), family, row.factor)

    def track(self, item: RegimenItem) -> ItemTrack:
        family = self.family(item)
        oral = self.oral(item, family)
        configs = self.configs(item, family)
        ome = item_ome(item, self.table).ome_mg_per_day or Decimal(0)
        group = 0 if item.as_needed else (1 if item.release == "immediate" else 2)
        start = self.starting_config(item, configs, oral, ome)
        return ItemTrack((group, ome), configs, start, oral)

    def starting_config(
        self, item: RegimenItem, configs: tuple[Config, ...], oral: OralFamily | None, ome: Decimal
    ) -> Config:
        """The patient's own arrangement when a product was named, else the real
        arrangement equal to (or, with a warning, just below) the prescribed dose."""
        if item.patches:
            return Config(
                ome,
                Decimal(0),
                tuple(
                    Administration(patch_slot(p.patch_wear_hours), p, Decimal(1))
                    for p in item.patches
                ),
            )
        if oral is None:
            return configs[0]
        chosen = self._oral_start(item, oral)
        if chosen.ome != ome:
            self.warnings.append(
                EngineWarning(
                    "starting-dose-rounded",
                    (
                        f"{item.description} cannot be made exactly with the available strengths; "
                        f"the plan starts from {chosen.ome.normalize():f} mg OME for this item."
                    ),
                )
            )
        return chosen

    def _oral_start(self, item: RegimenItem, oral: OralFamily) -> Config:
        count = len(oral.slots)
        if item.product is not None and item.product.strength_mg:
            per_slot = units_per_slot(item, count)
            if per_slot is not None and exact_start(item, oral, per_slot, item.product):
                return oral.own(item.product, per_slot)
        if item.doses and len(item.doses) == count:
            return oral.round_down(tuple(d.mg for d in item.doses))
        if item.dose_mg is not None and not item.as_needed:
            return oral.round_down(tuple(item.dose_mg for _ in oral.slots))
        return oral.fit(item.mg_per_day or Decimal(0))

    # ----- choosing each step -------------------------------------------------
    def choose(
        self, tracks: tuple[ItemTrack, ...], target: Decimal, keep_rate: Decimal
    ) -> tuple[tuple[ItemTrack, ...], bool] | None:
        """Reduce the first item in priority order to the real dose nearest the target
        within the maximum cut, among doses that keep the total at or above ``keep_rate``
        (the chosen rate's floor). Returns the new tracks and whether the cut exceeded the
        maximum step, or None when every real cut would run ahead of the chosen rate: the
        current dose is then held."""
        index = min(
            (i for i, t in enumerate(tracks) if t.current.ome > 0), key=lambda i: tracks[i].priority
        )
        active = tracks[index]
        total = sum((t.current.ome for t in tracks), Decimal(0))
        others = total - active.current.ome
        options = [c for c in _lower_options(active) if others + c.ome >= keep_rate]
        if not options:
            return None
        floor = total * (1 - self.strategy.max_step_percent / HUNDRED)
        allowed = (
            options
            if self.strategy.allow_larger_steps
            else [c for c in options if others + c.ome >= floor]
        )
        exceeded = not allowed
        pick = (
            options[-1]
            if exceeded
            else min(allowed, key=lambda c: (abs(others + c.ome - target), -c.ome))
        )
        if active.oral is not None:
            pick = active.oral.config(pick.doses, active.current)
        new = replace(active, current=pick)
        return (*tracks[:index], new, *tracks[index + 1 :]), exceeded


def _lower_options(track: ItemTrack) -> list[Config]:
    """Real doses below the current one, ascending. For oral items no dose at any time
    rises, and a time is dropped only when every time is at the smallest dose (one time
    per step, never coming back). Patches: any smaller patch or pair."""
    if track.oral is not None:
        return track.oral.lower(track.current)
    lower = [c for c in track.configs if c.ome < track.current.ome]
    return lower or [track.configs[0]]
