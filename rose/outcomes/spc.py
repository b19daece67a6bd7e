"""XmR statistical process control in the NHS England "Making Data Count" (MDC) style. Pure Python, exact.

From a series of monthly values (oldest first):

- the mean, the moving ranges |x[i] - x[i-1]| and their mean (mR-bar);
- the natural process limits: mean +/- 2.66 x mR-bar (2.66 = 3 / 1.128, so the limits are three
  sigma, sigma being estimated as mR-bar / 1.128); the "close to a limit" lines are two sigma,
  mean +/- (2 / 3) x 2.66 x mR-bar;
- the MDC special-cause rules, each point tagged with the rules it is part of:
  1. ``outside``: a single point outside the process limits;
  2. ``shift``: a run of SHIFT_RUN (7) or more consecutive points all above, or all below, the mean
     (a point on the mean ends a run). MDC ("Making Data Count: getting started", NHS Improvement 2019)
     uses 7;
  3. ``trend``: a run of TREND_RUN (7) or more consecutive points each higher, or each lower, than
     the one before (7 points, 6 rises; an equal value ends a trend). MDC's guide uses 7; some MDC
     tools and the NHS-R "plot the dots" package use 6: the length is a parameter;
  4. ``two_of_three``: two out of three consecutive points beyond two sigma on the same side of the
     mean ("close to a process limit"); the points beyond two sigma in such a window are tagged.

Limits need at least two points. MDC advises 15 or more points before trusting the limits; with fewer
the result says the limits are provisional. A point is "high" or "low" against the mean; whether that
is an improvement or a concern depends on the measure (``better`` of "higher", "lower" or "").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

SCALING = Decimal("2.66")
SHIFT_RUN = 7
TREND_RUN = 7
TRUSTED_POINTS = 15
RULE_WORDS = {"outside": "outside the process limits",
              "shift": f"part of a run of {SHIFT_RUN} or more on one side of the mean",
              "trend": f"part of {TREND_RUN} or more rising or falling in a row",
              "two_of_three": "two of three points close to a process limit"}


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal
    moving_range: Decimal | None
    rules: tuple[str, ...] = ()
    side: str = ""  # "high" or "low" against the mean, when a rule applies

    @property
    def special(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class XmR:
    points: tuple[Point, ...]
    mean: Decimal | None
    mean_moving_range: Decimal | None
    upper: Decimal | None
    lower: Decimal | None
    upper_two_sigma: Decimal | None
    lower_two_sigma: Decimal | None
    provisional: bool
    better: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def has_limits(self) -> bool:
        return self.upper is not None


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _dec(value: Fraction) -> Decimal:
    """Exact where a decimal can be (a mean of 5.875 is 5.875), else to Decimal's 28 digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _runs(flags: Sequence[int], length: int) -> set[int]:
    """Indexes in a run of `length` or more equal non-zero flags (1 or -1) in a row."""
    found: set[int] = set()
    start = 0
    for index in range(1, len(flags) + 1):
        if index == len(flags) or flags[index] != flags[start] or flags[index] == 0:
            if flags[start] != 0 and index - start >= length:
                found.update(range(start, index))
            start = index
    return found


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


def _shift(values: Sequence[Fraction], mean: Fraction, run: int) -> set[int]:
    return _runs([_sign(v - mean) for v in values], run)


def _trend(values: Sequence[Fraction], run: int) -> set[int]:
    """A trend of `run` points is `run - 1` rises (or falls) in a row; flags the points, not the steps."""
    steps = [_sign(values[i] - values[i - 1]) for i in range(1, len(values))]
    found: set[int] = set()
    for index in _runs(steps, run - 1):  # step i joins point i and point i + 1
        found.update((index, index + 1))
    return found


def _two_of_three(values: Sequence[Fraction], upper2: Fraction, lower2: Fraction) -> set[int]:
    found: set[int] = set()
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        for beyond in ([i for i in window if values[i] > upper2], [i for i in window if values[i] < lower2]):
            if len(beyond) >= 2:
                found.update(beyond)
    return found


def xmr(series: Sequence[tuple[str, Decimal]], *, better: str = "", shift_run: int = SHIFT_RUN,
        trend_run: int = TREND_RUN) -> XmR:
    """The XmR chart of `series` ((label, value) pairs, oldest first) with the MDC rules applied.
    Worked in exact fractions, so the rules never depend on rounding; reported as Decimals."""
    labels = [label for label, _ in series]
    decimals = [Decimal(v) for _, v in series]
    values = [Fraction(v) for v in decimals]
    ranges = [None] + [abs(values[i] - values[i - 1]) for i in range(1, len(values))]
    shown_ranges = [None if r is None else _dec(r) for r in ranges]
    if len(values) < 2:
        points = tuple(Point(label, value, None) for label, value in zip(labels, decimals, strict=True))
        return XmR(points, _dec(_mean(values)) if values else None, None, None, None, None, None, True, better,
                   ("Limits need at least two months.",))
    mean = _mean(values)
    mr_bar = _mean([r for r in ranges if r is not None])
    width = Fraction(SCALING) * mr_bar
    upper, lower = mean + width, mean - width
    upper2, lower2 = mean + width * 2 / 3, mean - width * 2 / 3
    tagged: dict[int, list[str]] = {}
    rule_sets = (("outside", {i for i, v in enumerate(values) if v > upper or v < lower}),
                 ("shift", _shift(values, mean, shift_run)), ("trend", _trend(values, trend_run)),
                 ("two_of_three", _two_of_three(values, upper2, lower2)))
    for rule, indexes in rule_sets:
        for index in indexes:
            tagged.setdefault(index, []).append(rule)
    points = tuple(Point(labels[i], decimals[i], shown_ranges[i], tuple(tagged.get(i, ())),
                         ("high" if values[i] > mean else "low" if values[i] < mean else "") if i in tagged else "")
                   for i in range(len(values)))
    provisional = len(values) < TRUSTED_POINTS
    notes = (f"Fewer than {TRUSTED_POINTS} months: the limits are provisional.",) if provisional else ()
    return XmR(points, _dec(mean), _dec(mr_bar), _dec(upper), _dec(lower), _dec(upper2), _dec(lower2), provisional,
               better, notes)


def describe(point: Point, better: str = "") -> str:
    """The signal in words, for the table beside the chart and for the chart's text labels."""
    if not point.rules:
        return "Common cause"
    meaning = ""
    if better in ("higher", "lower") and point.side:
        improving = (point.side == "high") == (better == "higher")
        meaning = " (improvement)" if improving else " (concern)"
    side = {"high": "high", "low": "low"}.get(point.side, "")
    reasons = "; ".join(RULE_WORDS[rule] for rule in point.rules)
    return f"Special cause, {side}{meaning}: {reasons}" if side else f"Special cause: {reasons}"
