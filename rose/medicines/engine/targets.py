"""Target doses for each taper strategy, as (target OME mg/day, days) pairs.

All percentages are of OME. ``percent-of-original`` is linear, ``two-phase``
is linear at ``percent`` of the original until ``slow_below_fraction`` of the
original is reached (that step is the last fast one), then linear at
``slow_percent`` of the original every ``slow_interval_days``. ``custom``
follows the given list. After a strategy reaches 0 (or its list ends) the
target stays 0, so the planner finishes with the smallest real doses.
``percent-of-current`` is computed step by step from the dose achieved.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .types import Strategy

HUNDRED = Decimal(100)


def strategy_targets(strategy: Strategy, base: Decimal) -> Iterator[tuple[Decimal, int]]:
    """Endless (target OME, days) pairs for the fixed-schedule strategies."""
    if strategy.type == "custom":
        yield from ((t, strategy.interval_days) for t in strategy.targets_mg_per_day)
    elif strategy.type == "percent-of-original":
        yield from _linear(base, base * strategy.percent / HUNDRED, strategy.interval_days)
    elif strategy.type == "two-phase":
        yield from _two_phase(strategy, base)
    while True:
        yield Decimal(0), tail_interval(strategy)


def tail_interval(strategy: Strategy) -> int:
    if strategy.type == "two-phase" and strategy.slow_interval_days:
        return strategy.slow_interval_days
    return strategy.interval_days


def _two_phase(strategy: Strategy, base: Decimal) -> Iterator[tuple[Decimal, int]]:
    slow_from = base * (strategy.slow_below_fraction or Decimal(0))
    target = base
    while target > 0:
        fast = target > slow_from
        percent = strategy.percent if fast else (strategy.slow_percent or strategy.percent)
        target = max(target - percent * base / HUNDRED, Decimal(0))
        yield target, strategy.interval_days if fast else tail_interval(strategy)


def next_target(
    strategy: Strategy, produced: Iterator[tuple[Decimal, int]], current: Decimal
) -> tuple[Decimal, int]:
    """The next (target, days): from the schedule, or from the current dose when proportional."""
    if strategy.type == "percent-of-current":
        return current * (1 - strategy.percent / HUNDRED), strategy.interval_days
    return next(produced)


def scheduled_dose(strategy: Strategy, base: Decimal, segment: int, target: Decimal) -> Decimal:
    """The dose the chosen rate alone would have reached by ``segment`` (counted from 0), for
    checking that a plan never runs ahead of it. Fixed schedules: that segment's target.
    ``percent-of-current``: the starting dose reduced by ``percent`` once per interval."""
    if strategy.type == "percent-of-current":
        return base * (1 - strategy.percent / HUNDRED) ** (segment + 1)
    return target


def _linear(base: Decimal, cut: Decimal, days: int) -> Iterator[tuple[Decimal, int]]:
    target = base
    while target > 0:
        target = max(target - cut, Decimal(0))
        yield target, days
