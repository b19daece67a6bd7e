"""XmR arithmetic and the Making Data Count special-cause rules (rose/outcomes/spc.py), from hand-worked series."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from rose.outcomes import spc


def months(values):
    return [(f"2026-{i + 1:02d}", D(v)) for i, v in enumerate(values)]


def rules_of(chart):
    return [p.rules for p in chart.points]


def test_limits_and_a_point_outside_them():
    """10, 12, 11, 13, 30.
    mean = 76 / 5 = 15.2; moving ranges 2, 1, 2, 17; mean moving range = 22 / 4 = 5.5.
    2.66 x 5.5 = 14.63, so the limits are 15.2 + 14.63 = 29.83 and 15.2 - 14.63 = 0.57.
    Two sigma: 14.63 x 2 / 3 = 9.7533..., lines at 24.9533... and 5.4466...; only 30 is beyond it (one point).
    Signs against the mean: - - - - +: no run of 7. So 30 is outside (high) and nothing else is special."""
    chart = spc.xmr(months([10, 12, 11, 13, 30]))
    assert chart.mean == D("15.2") and chart.mean_moving_range == D("5.5")
    assert [p.moving_range for p in chart.points] == [None, D(2), D(1), D(2), D(17)]
    assert chart.upper == D("29.83") and chart.lower == D("0.57")
    assert rules_of(chart) == [(), (), (), (), ("outside",)]
    assert chart.points[4].side == "high" and chart.provisional
    assert spc.describe(chart.points[4], "lower") == "Special cause, high (concern): outside the process limits"
    assert spc.describe(chart.points[0]) == "Common cause"


def test_a_shift_needs_seven_points_on_one_side():
    """5 x 7 then 12: mean = 47 / 8 = 5.875; moving ranges 0 (six times) and 7: mean 7 / 7 = 1.
    Limits 5.875 +/- 2.66 = 8.535 and 3.215: 12 is outside. Two sigma 5.875 +/- 1.7733: only 12 beyond.
    The seven 5s are all below the mean: a shift (low).
    With six 5s then 12: mean = 42 / 7 = 6, a run of six below: no shift (limits 6 +/- 2.66 x 7/6 = 3.1033...,
    so 12 is still outside)."""
    chart = spc.xmr(months([5] * 7 + [12]))
    assert chart.mean == D("5.875") and chart.mean_moving_range == D(1)
    assert chart.upper == D("8.535") and chart.lower == D("3.215")
    assert rules_of(chart) == [("shift",)] * 7 + [("outside",)]
    assert {p.side for p in chart.points[:7]} == {"low"}
    six = spc.xmr(months([5] * 6 + [12]))
    assert six.mean == D(6) and rules_of(six) == [()] * 6 + [("outside",)]


def test_a_point_on_the_mean_ends_a_run():
    """3 3 3 4 3 3 3 | 4 ... : 1,2,3,3,3,... Build: six 1s, one 4, six 1s, then 10s enough to put the mean
    at exactly 4: 1 x 12 + 4 + 10 x k = 4 x (13 + k) -> 16 + 10k = 52 + 4k -> k = 6. Mean = 76 / 19 = 4.
    The runs below the mean are 6 and 6, broken by the 4 on the mean: no shift among the 1s.
    The six 10s above the mean are a run of 6 only: no shift there either."""
    values = [1] * 6 + [4] + [1] * 6 + [10] * 6
    chart = spc.xmr(months(values))
    assert chart.mean == D(4)
    assert not any("shift" in p.rules for p in chart.points)


def test_a_trend_of_seven_rising_points_and_close_to_the_limits():
    """1, 2, ..., 7: mean 4, every moving range 1, limits 4 +/- 2.66 = 6.66 and 1.34: 7 and 1 are outside.
    Two sigma: 4 +/- 1.7733... = 5.7733... and 2.2266...: 6 and 7 beyond the upper line (window 5, 6, 7),
    1 and 2 beyond the lower (window 1, 2, 3): two of three. Seven rising points: a trend.
    Against the mean: 3 below, 4 on, 3 above: no shift."""
    chart = spc.xmr(months(range(1, 8)))
    assert chart.upper == D("6.66") and chart.lower == D("1.34")
    assert rules_of(chart) == [("outside", "trend", "two_of_three"), ("trend", "two_of_three"), ("trend",),
                               ("trend",), ("trend",), ("trend", "two_of_three"),
                               ("outside", "trend", "two_of_three")]


def test_six_rising_points_are_not_a_trend_unless_the_run_is_set_to_six():
    """1..6: mean 3.5, moving ranges 1, limits 3.5 +/- 2.66 = 6.16 and 0.84: nothing outside.
    Two sigma 3.5 +/- 1.7733...: 5.2733... and 1.7266...; only 6 above and only 1 below: no two of three."""
    chart = spc.xmr(months(range(1, 7)))
    assert rules_of(chart) == [()] * 6
    assert rules_of(spc.xmr(months(range(1, 7)), trend_run=6)) == [("trend",)] * 6


def test_an_equal_value_ends_a_trend():
    chart = spc.xmr(months([1, 2, 3, 4, 4, 5, 6, 7]))
    assert not any("trend" in p.rules for p in chart.points)


def test_two_of_three_close_to_the_upper_limit():
    """10, 11 six times, then 14, 11, 14 (15 points): sum 6 x 21 + 39 = 165, mean 11.
    Moving ranges: eleven 1s, then 3, 3, 3: 20 / 14; 2.66 x 20 / 14 = 3.8, limits 14.8 and 7.2: none outside.
    Two sigma: 11 + 3.8 x 2/3 = 13.5333...: the 14s (points 13 and 15) are beyond it, two of the three
    points 13-15: both tagged. The 11s sit on the mean, so no run of 7 on one side. 15 points: not provisional."""
    chart = spc.xmr(months([10, 11] * 6 + [14, 11, 14]))
    assert chart.mean == D(11) and chart.upper == D("14.8") and chart.lower == D("7.2")
    assert [i for i, p in enumerate(chart.points) if p.special] == [12, 14]
    assert chart.points[12].rules == ("two_of_three",) and not chart.provisional
    assert spc.describe(chart.points[12], "higher").startswith("Special cause, high (improvement)")


def test_short_series_have_no_limits():
    assert not spc.xmr(months([3])).has_limits
    assert spc.xmr([]).mean is None


amounts = st.decimals(min_value=D(-1000), max_value=D(1000), places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=2, max_size=40))
def test_limits_are_symmetric_around_the_mean(values):
    chart = spc.xmr(months(values))
    assert abs((chart.upper - chart.mean) - (chart.mean - chart.lower)) < D("1e-20")
    assert chart.mean_moving_range >= 0 and chart.lower <= chart.mean <= chart.upper
    for point in chart.points:  # outside is exactly "beyond a limit"
        assert ("outside" in point.rules) == (point.value > chart.upper or point.value < chart.lower)


@given(amounts, st.integers(min_value=2, max_value=40))
def test_a_constant_series_has_no_special_cause(value, length):
    chart = spc.xmr(months([value] * length))
    assert chart.mean == value and chart.upper == chart.lower == value
    assert not any(p.special for p in chart.points)


@given(st.lists(st.integers(min_value=-500, max_value=500), min_size=2, max_size=30),
       st.integers(min_value=-1000, max_value=1000))
def test_adding_a_constant_moves_the_chart_but_not_the_signals(values, shift):
    plain, moved = spc.xmr(months(values)), spc.xmr(months([v + shift for v in values]))
    assert abs(moved.mean - (plain.mean + shift)) < D("1e-20")
    assert moved.mean_moving_range == plain.mean_moving_range
    assert rules_of(moved) == rules_of(plain)


@given(st.lists(st.integers(min_value=-500, max_value=500), min_size=2, max_size=30))
def test_mirroring_the_series_swaps_high_and_low(values):
    plain, mirrored = spc.xmr(months(values)), spc.xmr(months([-v for v in values]))
    assert rules_of(mirrored) == rules_of(plain)
    swap = {"high": "low", "low": "high", "": ""}
    assert [swap[p.side] for p in plain.points] == [p.side for p in mirrored.points]
