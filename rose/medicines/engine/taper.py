"""Taper planner: a dated plan of real, takeable doses that only ever goes down.

Rules (each is explained for clinicians in docs/dose-engine.md):
- Targets come from the strategy; each step's dose is the real dose nearest
  its target among doses below the current one that cut no more than
  ``max_step_percent`` of the current dose. If the smallest real cut is
  bigger, it is taken with a ``step-exceeds-maximum`` warning.
- A target at or above the current dose (rounding ran ahead) keeps the
  current dose for another interval: the plan never increases.
- The chosen rate is kept: a real dose that would put the plan more than about
  a quarter ahead of the chosen schedule (see ``taper_checks.rate_floor``) is
  not taken yet; the CURRENT dose is held for more intervals until the
  schedule comes within reach of it, and the plan says so.
- Several opioids without consolidation are reduced ONE AT A TIME: as-needed
  items first, then scheduled immediate-release, then modified-release and
  patches; within a group the smaller item first.
- An item stops (goes to 0) only from its smallest real dose at one time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .dosing import Config
from .formulary import Formulary
from .ome import calculate_ome
from .schedule import apply_holds, dated_steps
from .tables import TableSet
from .taper_checks import (
    mg_text,
    percent_text,
    rate_floor,
    short_interval_warnings,
    spread_assumed_times,
)
from .taper_tracks import HUNDRED, ItemTrack, _lower_options, _Planner
from .targets import next_target, scheduled_dose, strategy_targets
from .types import (
    EngineWarning,
    Product,
    RegimenItem,
    TaperPlan,
    TaperRequest,
)

LARGER_CUT_POINTS = Decimal(1)
MAX_SEGMENTS = 20000
STOP_NOTE = (
    "Stopped. Tolerance is lost within about a week: taking an earlier, higher dose "
    "again risks overdose."
)
STAY_NOTE = (
    "Stay on the current dose: it is already the smallest the available strengths allow, and "
    "stopping now would be faster than the chosen rate."
)
START_NOTE = "Stay on the starting dose for now."


@dataclass(frozen=True)
class Draft:
    """A step before dates are assigned."""

    target: Decimal
    tracks: tuple[ItemTrack, ...]
    days: int
    note: str = ""
    held_days: int = 0

    @property
    def ome(self) -> Decimal:
        return sum((t.current.ome for t in self.tracks), Decimal(0))


class _Builder(_Planner):
    """Turns item tracks into drafts, then dated steps."""

    def drafts(self, tracks: tuple[ItemTrack, ...], first: Draft | None) -> list[Draft]:
        """Steps in order. Each segment of the chosen schedule either cuts the dose (to the
        real dose nearest its target) or holds the current step longer: when the target is
        not below the current dose, or when every real cut would put the plan more than about
        a quarter ahead of the chosen rate (``rate_floor``). A big forced cut therefore comes
        LATE (when the schedule catches up with it), never early followed by a long hold; if
        it is due before anything has been cut, step 1 is the starting dose, held."""
        drafts = [first] if first else []
        total = base = _total(tracks)
        produced = strategy_targets(self.strategy, total)
        for segment in range(MAX_SEGMENTS):
            if total <= 0:
                break
            target, days = next_target(self.strategy, produced, total)
            scheduled = scheduled_dose(self.strategy, base, segment, target)
            if target >= total:
                self._hold(drafts, days)
                continue
            before = tracks
            chosen = self.choose(tracks, target, rate_floor(base, scheduled))
            if chosen is None:  # every real cut runs ahead of the chosen rate: hold this dose
                if not drafts:
                    smallest = _smallest(tracks)
                    drafts.append(Draft(target, tracks, 0, STAY_NOTE if smallest else START_NOTE))
                self._hold(drafts, days)
                continue
            tracks, exceeded = chosen
            note = self._exceeded(exceeded, total, tracks, len(drafts) + 1)
            if not exceeded:
                note += self._larger_cut(total, target, _total(tracks), len(drafts) + 1)
            note = _dropped_note(before, tracks) + note
            drafts.append(Draft(target, tracks, days, note))
            total = _total(tracks)
        else:  # pragma: no cover - every schedule reaches its end long before this
            raise ValueError("the taper schedule did not finish")
        drafts[-1] = replace(drafts[-1], days=1, note=STOP_NOTE)
        self._held_warning(drafts)
        return drafts

    def _hold(self, drafts: list[Draft], days: int) -> None:
        """Keep the current dose longer: the target is not below it, or the plan would
        otherwise run ahead of the chosen rate."""
        if drafts:
            last = drafts[-1]
            drafts[-1] = replace(last, days=last.days + days, held_days=last.held_days + days)
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

    def _larger_cut(self, before: Decimal, target: Decimal, after: Decimal, number: int) -> str:
        """A cut bigger than the schedule asked for (but within the maximum step) is said."""
        chosen = (before - target) * HUNDRED / before
        real = (before - after) * HUNDRED / before
        if after == 0 or real <= chosen + LARGER_CUT_POINTS:
            return ""
        message = (
            f"Step {number}: the available strengths cut {mg_text(before)} to {mg_text(after)} "
            f"mg OME a day ({percent_text(real)}%), more than the {percent_text(chosen)}% the "
            "chosen rate asked for."
        )
        self.warnings.append(EngineWarning("larger-step-than-chosen", message))
        return message

    def _held_warning(self, drafts: list[Draft]) -> None:
        """Say, in plain words, which steps are held longer than the chosen interval and why
        (a consolidation step held before the first cut included)."""
        held = [
            (number, d)
            for number, d in enumerate(drafts, start=1)
            if d.held_days and number < len(drafts)
        ]
        if not held:
            return
        parts = []
        for number, draft in held:
            after = drafts[number].ome
            then = "then stop" if after == 0 else f"then {mg_text(after)}"
            parts.append(f"step {number} lasts {draft.days} days at {mg_text(draft.ome)}, {then}")
            cut = "stopping" if after == 0 else f"{mg_text(after)} mg OME a day"
            note = (
                f"This dose is held longer than the chosen interval ({draft.days} days in all) "
                "so the plan keeps to the chosen rate: the next step the available strengths "
                f"allow ({cut}) is a bigger cut than the chosen rate, so it comes only when the "
                "chosen rate is within about a quarter of it."
            )
            drafts[number - 1] = replace(
                draft, note=(draft.note + " " if draft.note else "") + note
            )
        self.warnings.append(
            EngineWarning(
                "step-held-to-keep-rate",
                (
                    "The available strengths cannot always cut as little as the chosen rate, so "
                    "the plan stays on a dose longer and makes the bigger cut later, never more "
                    "than about a quarter ahead of the chosen rate ("
                    f"{'; '.join(parts)}; doses in mg OME a day)."
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
        family = self.family(item)
        configs, oral = self.configs(item, family), self.oral(item, family)
        if len(configs) < 2 and oral is None:
            message = f"{item.description} is not calculable under {self.table.title}: "
            self.warnings.append(EngineWarning("not-calculable", message + "cannot consolidate."))
            return tracks, None
        total = _total(tracks)
        reduction = request.cross_tolerance_reduction_percent
        target = total * (1 - reduction / HUNDRED)
        if oral is not None:
            chosen = oral.fit(target / oral.factor)
            if chosen.ome == 0:
                chosen = oral.config(tuple(oral.levels[0] for _ in oral.slots))
        else:
            chosen = ([c for c in configs if 0 < c.ome <= target] or [configs[1]])[-1]
        track = ItemTrack((2, chosen.ome), configs, chosen, oral)
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


def _smallest(tracks: tuple[ItemTrack, ...]) -> bool:
    """True when the only real cut left is stopping (every item at its smallest dose)."""
    return all(t.current.ome == 0 or all(c.ome == 0 for c in _lower_options(t)) for t in tracks)


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
    builder.warnings += short_interval_warnings(request)
    tracks = tuple(builder.track(item) for item in spread_assumed_times(request.regimen.items))
    tracks, first = builder.consolidate(tracks)
    if _total(tracks) == 0:
        refusal = EngineWarning(
            "not-plannable",
            (
                "The dose is smaller than the smallest available strength, so the engine cannot "
                "plan a reduction; a prescriber must plan it."
            ),
        )
        return TaperPlan(
            table, ome.total_ome_mg_per_day, (), (*ome.warnings, *builder.warnings, refusal)
        )
    drafts = builder.drafts(tracks, first)
    apply_holds(drafts, request, builder.warnings)
    steps = dated_steps(drafts, request.start_date)
    return TaperPlan(table, ome.total_ome_mg_per_day, steps, ome.warnings + tuple(builder.warnings))
