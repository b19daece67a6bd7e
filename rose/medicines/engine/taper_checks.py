"""Rules and wording the taper planner applies around its steps: the chosen rate (never more than
about a quarter ahead), short intervals, assumed dosing times, strength limits and the patient's
own starting doses. Kept apart from ``taper.py`` so each rule can be read on its own."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .contract_items import DEFAULT_TIMES
from .dosing import OralFamily
from .types import EngineWarning, Product, RegimenItem, TaperRequest

# A plan may run at most about a quarter ahead of the chosen rate: its total reduction is never
# more than 1.25 times what the chosen rate alone would have reduced by then.
RATE_SLACK = Decimal("1.25")
# A real cut this many percentage points above the chosen cut is reported (not silent).
SHORT_INTERVAL_DAYS = 7


def short_interval_warnings(request: TaperRequest) -> list[EngineWarning]:
    """Steps shorter than a week are said: guidance reduces every 1 to 4 weeks or slower, and
    withdrawal and loss of tolerance take about a week to show."""
    strategy = request.strategy
    intervals = [strategy.interval_days]
    if strategy.type == "two-phase" and strategy.slow_interval_days:
        intervals.append(strategy.slow_interval_days)
    shortest = min(intervals)
    if shortest >= SHORT_INTERVAL_DAYS:
        return []
    return [
        EngineWarning(
            "short-interval",
            (
                f"Steps of {shortest} day{'s' if shortest != 1 else ''} are shorter than a week. "
                "Guidance reduces every one to four weeks or more slowly; withdrawal and loss of "
                "tolerance take about a week to show. Check this interval is intended."
            ),
        )
    ]


def spread_assumed_times(items: tuple[RegimenItem, ...]) -> tuple[RegimenItem, ...]:
    """Once-daily rows of one drug and release whose times were not given are not all put
    at 08:00 (they would silently become one dose): two rows are taken at 08:00 and 20:00,
    three at 08:00, 14:00 and 22:00, four at 08:00, 12:00, 17:00 and 22:00. The planner's
    ``dosing-times-assumed`` warning names the times used for each row."""
    groups: dict[tuple[str, str, str | None], list[int]] = {}
    for index, item in enumerate(items):
        if item.times_assumed and len(item.times) == 1 and not item.doses:
            groups.setdefault((item.drug, item.route, item.release), []).append(index)
    spread = list(items)
    for indexes in groups.values():
        if 1 < len(indexes) <= len(DEFAULT_TIMES):
            for index, time in zip(indexes, DEFAULT_TIMES[len(indexes)], strict=True):
                spread[index] = replace(items[index], times=(time,))
    return tuple(spread)


def ahead(base: Decimal, dose: Decimal, scheduled: Decimal) -> bool:
    """True when reaching ``dose`` now would put the plan more than about a quarter ahead of
    the chosen rate: its reduction so far would exceed 1.25 x the schedule's reduction."""
    return dose < rate_floor(base, scheduled)


def rate_floor(base: Decimal, scheduled: Decimal) -> Decimal:
    """The lowest total dose the plan may take while the chosen schedule is at ``scheduled``:
    the reduction from ``base`` may be at most 1.25 x the schedule's reduction. A real dose
    below it waits (the current dose is held) until the schedule comes within reach."""
    return base - RATE_SLACK * (base - scheduled)


def strength(product: Product) -> Decimal | None:
    """mg per unit, or micrograms/hour for a patch (the figure "use_strengths" lists)."""
    return product.strength_mcg_per_hour if product.is_patch else product.strength_mg


def units_per_slot(item: RegimenItem, count: int) -> tuple[Decimal, ...] | None:
    if item.doses and len(item.doses) == count:
        units = tuple(d.units for d in item.doses)
        return None if any(u is None for u in units) else tuple(u or Decimal(0) for u in units)
    if item.units_per_dose is not None:
        return tuple(item.units_per_dose for _ in range(count))
    return None


def exact_start(
    item: RegimenItem, oral: OralFamily, units: tuple[Decimal, ...], product: Product
) -> bool:
    """True when the named product at these units gives exactly the prescribed daily dose
    (not so for as-needed items taken a fractional number of times a day)."""
    return sum(units, Decimal(0)) * (product.strength_mg or Decimal(0)) == item.mg_per_day


def mg_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def percent_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')):f}"


def and_list(times: tuple[str, ...]) -> str:
    return times[0] if len(times) == 1 else ", ".join(times[:-1]) + " and " + times[-1]
