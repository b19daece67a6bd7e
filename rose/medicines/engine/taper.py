"""Taper planner: a dated plan of real, takeable doses that only ever goes down.

Rules (each is explained for clinicians in docs/dose-engine.md):
- Targets come from the strategy; each step's dose is the real dose nearest
  its target among doses below the current one that cut no more than
  ``max_step_percent`` of the current dose. If the smallest real cut is
  bigger, it is taken with a ``step-exceeds-maximum`` warning.
- A target at or above the current dose (rounding ran ahead) keeps the
  current dose for another interval: the plan never increases.
- Several opioids without consolidation are reduced ONE AT A TIME: as-needed
  items first, then scheduled immediate-release, then modified-release and
  patches; within a group the smaller item first.
- An item stops (goes to 0) only from its smallest real dose at one time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal

from .dosing import Config, oral_configs, patch_configs
from .formulary import Formulary
from .ome import calculate_ome, item_ome
from .schedule import apply_holds, dated_steps
from .tables import TableSet
from .targets import next_target, strategy_targets
from .types import (
    Administration,
    ConversionTable,
    EngineWarning,
    Product,
    RegimenItem,
    TaperPlan,
    TaperRequest,
)

HUNDRED = Decimal(100)
STOP_NOTE = (
    "Stopped. Tolerance is lost within about a week: taking an earlier, higher dose "
    "again risks overdose."
)
FORM_PREFERENCE = ("tablet", "capsule", "oral solution")


@dataclass(frozen=True)
class ItemTrack:
    """One regimen item as the planner reduces it: its real arrangements and where it is."""

    priority: tuple[int, Decimal]
    configs: tuple[Config, ...]
    current: Config


@dataclass(frozen=True)
class Draft:
    """A step before dates are assigned."""

    target: Decimal
    tracks: tuple[ItemTrack, ...]
    days: int
    note: str = ""

    @property
    def ome(self) -> Decimal:
        return sum((t.current.ome for t in self.tracks), Decimal(0))


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
        chosen = tuple(p for p in family if p in self.request.use_products)
        return chosen or family

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

    def slots(self, item: RegimenItem, family: tuple[Product, ...]) -> tuple[str, ...]:
        if item.as_needed:
            count = math.ceil(item.times_per_day or 1)
            return tuple(f"as needed, dose {n} of {count}" for n in range(1, count + 1))
        if item.times:
            return item.times
        if item.times_per_day is not None:
            count = int(item.times_per_day)
            return tuple(f"dose {n} of {count}" for n in range(1, count + 1))
        count = 2 if family and family[0].release == "modified" else 4
        self.warnings.append(
            EngineWarning(
                "dosing-times-assumed",
                (f"{item.description} has no dosing times; the plan assumes {count} a day."),
            )
        )
        return {2: ("08:00", "20:00"), 4: ("08:00", "12:00", "17:00", "22:00")}[count]

    def configs(self, item: RegimenItem, family: tuple[Product, ...]) -> tuple[Config, ...]:
        if family and family[0].is_patch:
            ome_of = {}
            for patch in family:
                single = replace(item, patches=(patch,), product=patch)
                value = item_ome(single, self.table).ome_mg_per_day
                if value is not None:
                    ome_of[patch] = value
            return patch_configs(family, ome_of)
        row = self.table.row(family[0].drug, family[0].route) if family else None
        if row is None or row.factor is None or row.method != "factor":
            return (Config(Decimal(0), Decimal(0), ()),)
        return oral_configs(family, self.slots(item, family), row.factor)

    def track(self, item: RegimenItem) -> ItemTrack:
        family = self.family(item)
        configs = self.configs(item, family)
        ome = item_ome(item, self.table).ome_mg_per_day or Decimal(0)
        group = 0 if item.as_needed else (1 if item.release == "immediate" else 2)
        return ItemTrack((group, ome), configs, self.starting_config(item, configs, ome))

    def starting_config(
        self, item: RegimenItem, configs: tuple[Config, ...], ome: Decimal
    ) -> Config:
        """The patient's own arrangement when a product was named, else the real
        arrangement equal to (or, with a warning, just below) the prescribed dose."""
        if item.product is not None and not item.patches and not item.as_needed:
            units = item.units_per_dose or Decimal(0)
            adms = tuple(Administration(t, item.product, units) for t in item.times)
            if len(adms) == (item.times_per_day or 0):
                return Config(ome, item.mg_per_day or Decimal(0), adms)
        if item.patches:
            label = f"change every {item.patches[0].patch_wear_hours} hours"
            return Config(
                ome, Decimal(0), tuple(Administration(label, p, Decimal(1)) for p in item.patches)
            )
        below = [c for c in configs if c.ome <= ome]
        chosen = below[-1]
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

    # ----- choosing each step -------------------------------------------------
    def choose(
        self, tracks: tuple[ItemTrack, ...], target: Decimal
    ) -> tuple[tuple[ItemTrack, ...], bool]:
        """Reduce the first item in priority order to the real dose nearest the target
        within the maximum cut; returns the new tracks and whether the cut exceeded it."""
        index = min(
            (i for i, t in enumerate(tracks) if t.current.ome > 0), key=lambda i: tracks[i].priority
        )
        active = tracks[index]
        total = sum((t.current.ome for t in tracks), Decimal(0))
        others = total - active.current.ome
        options = _lower_options(active) or [active.configs[0]]
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
        new = replace(active, current=pick)
        return (*tracks[:index], new, *tracks[index + 1 :]), exceeded


class _Builder(_Planner):
    """Turns item tracks into drafts, then dated steps."""

    def drafts(self, tracks: tuple[ItemTrack, ...], first: Draft | None) -> list[Draft]:
        drafts = [first] if first else []
        total = _total(tracks)
        produced = strategy_targets(self.strategy, total)
        while total > 0:
            target, days = next_target(self.strategy, produced, total)
            if target >= total:
                self._hold(drafts, days)
                continue
            before = tracks
            tracks, exceeded = self.choose(tracks, target)
            note = self._exceeded(exceeded, total, tracks, len(drafts) + 1)
            note = _dropped_note(before, tracks) + note
            drafts.append(Draft(target, tracks, days, note))
            total = _total(tracks)
        drafts[-1] = replace(drafts[-1], days=1, note=STOP_NOTE)
        return drafts

    def _hold(self, drafts: list[Draft], days: int) -> None:
        """A target at or above the current dose keeps the current dose longer."""
        if drafts:
            drafts[-1] = replace(drafts[-1], days=drafts[-1].days + days)
        else:
            self.warnings.append(
                EngineWarning(
                    "target-not-below-current",
                    (
                        "A target was not below the starting dose, so it was skipped: a plan never "
                        "increases or repeats the starting dose."
                    ),
                )
            )

    def _exceeded(
        self, exceeded: bool, before: Decimal, tracks: tuple[ItemTrack, ...], number: int
    ) -> str:
        if not exceeded:
            return ""
        after = _total(tracks)
        percent = ((before - after) * HUNDRED / before).quantize(Decimal("0.1"))
        limit = self.strategy.max_step_percent.normalize()
        what = (
            "stopping from the smallest available dose"
            if after == 0
            else ("the smallest reduction the available strengths allow")
        )
        message = (
            f"Step {number}: {what} cuts {before.normalize():f} to {after.normalize():f} mg "
            f"OME a day ({percent:f}%), more than the {limit:f}% maximum step."
        )
        self.warnings.append(EngineWarning("step-exceeds-maximum", message))
        return message

    def consolidate(
        self, tracks: tuple[ItemTrack, ...]
    ) -> tuple[tuple[ItemTrack, ...], Draft | None]:
        """Convert every item to one product, reduced for incomplete cross-tolerance, at
        the largest real dose not above the reduced target."""
        request = self.request.consolidate
        if request is None:
            return tracks, None
        item = _consolidated_item(request.product)
        configs = self.configs(item, self.family(item))
        if len(configs) < 2:
            message = f"{item.description} is not calculable under {self.table.title}: "
            self.warnings.append(EngineWarning("not-calculable", message + "cannot consolidate."))
            return tracks, None
        total = _total(tracks)
        reduction = request.cross_tolerance_reduction_percent
        target = total * (1 - reduction / HUNDRED)
        chosen = ([c for c in configs if 0 < c.ome <= target] or [configs[1]])[-1]
        track = ItemTrack((2, chosen.ome), configs, chosen)
        self.warnings.append(_review_warning(total, item.description, chosen.ome, reduction))
        note = "Switch to one long-acting opioid (prescriber review required)."
        return (track,), Draft(target, (track,), self.strategy.interval_days, note)


def _consolidated_item(product: Product) -> RegimenItem:
    """The single product taken at its usual times: MR twice a day, IR four times."""
    times: tuple[str, ...] = ()
    if not product.is_patch:
        modified = product.release == "modified"
        times = ("08:00", "20:00") if modified else ("08:00", "12:00", "17:00", "22:00")
    return RegimenItem(
        drug=product.drug,
        route=product.route,
        product=product,
        times=times,
        release=product.release,
        times_per_day=Decimal(len(times)) or None,
    )


def _review_warning(total: Decimal, name: str, new: Decimal, reduction: Decimal) -> EngineWarning:
    return EngineWarning(
        "prescriber-review",
        f"The regimen ({total.normalize():f} mg OME a day) is converted to {name} at "
        f"{new.normalize():f} mg OME a day, after a {reduction.normalize():f}% reduction for "
        "incomplete cross-tolerance. A prescriber must review this switch before the plan "
        "is used.",
    )


def _lower_options(track: ItemTrack) -> list[Config]:
    """Real doses below the current one. The patient's dosing times are kept while any
    smaller dose can be given at every time; only then may exactly one time be dropped,
    so a dropped time never comes back and the interval lengthens one step at a time."""
    times = _time_count(track.current)
    lower = [c for c in track.configs if 0 < c.ome < track.current.ome]
    same = [c for c in lower if _time_count(c) == times]
    return same or [c for c in lower if _time_count(c) == times - 1]


def _time_count(config: Config) -> int:
    """Dosing times in use: a step may drop at most one (the interval lengthens gradually)."""
    return len({a.time for a in config.administrations})


def _total(tracks: tuple[ItemTrack, ...]) -> Decimal:
    return sum((t.current.ome for t in tracks), Decimal(0))


def _dropped_note(before: tuple[ItemTrack, ...], after: tuple[ItemTrack, ...]) -> str:
    for old, new in zip(before, after, strict=True):
        if new.current.ome > 0 and _time_count(new.current) < _time_count(old.current):
            return "A dosing time is dropped: the dose cannot be made smaller at every time. "
    return ""


def plan_taper(
    request: TaperRequest, *, formulary: Formulary | None = None, tables: TableSet | None = None
) -> TaperPlan:
    """A dated taper plan. A regimen that is not calculable under its table gives a plan
    with no steps and a ``not-calculable`` warning: no number is ever guessed."""
    from .formulary import default_formulary
    from .tables import default_tables

    table_set = tables or default_tables()
    table = table_set.get(request.regimen.table_id)
    if table is None:
        raise ValueError(f"unknown table {request.regimen.table_id}")
    ome = calculate_ome(request.regimen, table)
    if ome.total_ome_mg_per_day is None:
        refusal = EngineWarning(
            "not-calculable",
            (
                "This regimen cannot be tapered by the engine because an item is not calculable; "
                "a specialist must plan the conversion."
            ),
        )
        return TaperPlan(table, None, (), (*ome.warnings, refusal))
    builder = _Builder(request, formulary or default_formulary(), table)
    tracks = tuple(builder.track(item) for item in request.regimen.items)
    tracks, first = builder.consolidate(tracks)
    drafts = builder.drafts(tracks, first)
    apply_holds(drafts, request, builder.warnings)
    steps = dated_steps(drafts, request.start_date)
    return TaperPlan(table, ome.total_ome_mg_per_day, steps, ome.warnings + tuple(builder.warnings))
