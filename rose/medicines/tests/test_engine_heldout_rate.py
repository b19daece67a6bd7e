"""Held-out cases for issue 13 item 3 (the chosen rate is kept), written from the published tables
in clinical-facts.md (Opioids Aware 2020 patch table: fentanyl 12/25/50 -> 30/60/120 mg OME a day,
buprenorphine 5/10/15/20 -> 12/24/36/48; oral factors: oxycodone 1.5, tramadol 0.1, morphine 1)
and the rule in docs/dose-engine.md (3a), after the engine change and never used to tune it. Every
figure is worked by hand in the comments, none was copied from the engine's output.

The rule, as a clinician would apply it by hand: in segment k of the chosen schedule (days
14k to 14k + 13 here) the schedule is at S(k); a real dose D may be taken then only if the
reduction so far is at most 1.25 x the schedule's: base - D <= 1.25 x (base - S(k)). Otherwise the
current dose is held. Each step is the real dose nearest the target within the 25% maximum step
(or the largest real cut below the current dose when none is within it).

First run (recorded, not tuned): 6 of 9 passed. Two tramadol requests lacked "times_per_day"
(refused by the contract: the request was fixed, not the figures); in the oxycodone case the hand
working had skipped rule 3 (a target not below the current dose holds it), so it said day 98
where the engine, following its documented rules, stops on day 112 (corrected below, with the
reason).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from rose.medicines.engine import parse_taper_request, plan_taper, taper_response

D = Decimal
START = dt.date(2027, 9, 6)
POO = {"type": "percent-of-original", "percent": 10, "interval_days": 14}
POC = {"type": "percent-of-current", "percent": 10, "interval_days": 14}


def plan(items: list[dict[str, Any]], strategy: dict[str, Any]) -> dict[str, Any]:
    request = {"regimen": {"items": items}, "start_date": START.isoformat(), "strategy": strategy}
    return taper_response(plan_taper(parse_taper_request(request)))


def by_day(answer: dict[str, Any]) -> list[tuple[int, Decimal]]:
    return [
        ((dt.date.fromisoformat(s["start_date"]) - START).days, D(str(s["ome_mg_per_day"]))) for s in answer["steps"]
    ]


def codes(answer: dict[str, Any]) -> set[str]:
    return {w["code"] for w in answer["warnings"]}


CASES = [
    # Fentanyl 50 (120 mg OME). Real doses below: 25+12 = 90, 25 = 60, 12 = 30, 0.
    # S(k) = 120 - 12(k+1). 90 needs S <= 96 (k=1, day 14); 60 needs S <= 72 (k=3, day 42);
    # 30 needs S <= 48 (k=5, day 70); stopping needs S <= 24 (k=7, day 98).
    pytest.param(
        [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 50}],
        POO,
        [(0, 120), (14, 90), (42, 60), (70, 30), (98, 0)],
        id="fentanyl-50-10pc-original",
    ),
    # Buprenorphine 15 (36). Below: 24, 12, 0. S(k) = 36 - 3.6(k+1). 24 needs S <= 26.4
    # (k=2, day 28); 12 needs S <= 16.8 (k=5, day 70); stop needs S <= 7.2 (k=7, day 98).
    pytest.param(
        [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 15}],
        POO,
        [(0, 36), (28, 24), (70, 12), (98, 0)],
        id="buprenorphine-15-10pc-original",
    ),
    # Oxycodone MR 15 mg twice a day: 30 mg x 1.5 = 45. Real doses go down in 5 mg of oxycodone
    # (7.5 OME). S(k) = 45 - 4.5(k+1): 40.5, 36, 31.5, 27, 22.5, 18, 13.5, 9.
    # k=0: 37.5 < 45 - 5.625 -> stay. k=1: 37.5 >= 33.75 -> 37.5 (day 14). k=2: 30 (day 28).
    # k=3: 22.5 (day 42). k=4: target 22.5 is not below 22.5 -> hold. k=5: 15 (day 70, a 33%
    # cut, over the maximum step). k=6: 7.5 (day 84). k=7: the target 9 is not below 7.5, so
    # rule 3 holds 7.5 (the first hand working missed this and said day 98); k=8: stop (day 112).
    pytest.param(
        [{"product": "Oxycodone 15mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2}],
        POO,
        [(0, 45), (14, 37.5), (28, 30), (42, 22.5), (70, 15), (84, 7.5), (112, 0)],
        id="oxycodone-mr-15-bd-10pc-original",
    ),
    # Tramadol 50 mg capsules, 2 twice a day: 200 mg x 0.1 = 20. Below: 150, 100, 50 mg (15, 10,
    # 5). S(k) = 20 - 2(k+1). 15 needs S <= 16 (k=1, day 14); 10 needs S <= 12 (k=3, day 42);
    # 5 needs S <= 8 (k=5, day 70); stop needs S <= 4 (k=7, day 98).
    pytest.param(
        [{"product": "Tramadol 50mg capsules", "units_per_dose": 2, "times_per_day": 2, "times": ["08:00", "20:00"]}],
        POO,
        [(0, 20), (14, 15), (42, 10), (70, 5), (98, 0)],
        id="tramadol-100-bd-10pc-original",
    ),
    # Two-phase on a fentanyl 25 (60): 10% of the original a fortnight to 30, then 5% every 28
    # days. S: 54, 48, 42, 36 (day 42), 30, then 27 (day 70), 24 (98), 21, 18, 15, 12 (day 210).
    # 30 needs S <= 36 (day 42); stopping needs S <= 12 (day 210).
    pytest.param(
        [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}],
        {
            "type": "two-phase",
            "percent": 10,
            "interval_days": 14,
            "slow_below_fraction": 0.5,
            "slow_percent": 5,
            "slow_interval_days": 28,
        },
        [(0, 60), (42, 30), (210, 0)],
        id="fentanyl-25-two-phase",
    ),
    # Custom targets on a buprenorphine 20 (48): 44, 40, 36, 30, 24, 18, 12, 6, 0 a fortnight.
    # 36 needs S <= 38.4 (k=2, day 28); 24 needs S <= 28.8 (k=4, day 56); 12 needs S <= 19.2
    # (k=5, day 70); stop needs S <= 9.6 (k=7, day 98).
    pytest.param(
        [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 20}],
        {"type": "custom", "targets_mg_per_day": [44, 40, 36, 30, 24, 18, 12, 6, 0], "interval_days": 14},
        [(0, 48), (28, 36), (56, 24), (70, 12), (98, 0)],
        id="buprenorphine-20-custom",
    ),
    # Buprenorphine 15 (36) at 10% of the current dose: S(k) = 36 x 0.9^(k+1). 24 needs
    # S <= 26.4, 0.9^(k+1) <= 0.733 (k=2, day 28); 12 needs S <= 16.8, <= 0.467 (k+1 >= 7.2,
    # k=7, day 98); stop needs S <= 7.2, <= 0.2 (k+1 >= 15.3, k=15, day 210).
    pytest.param(
        [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 15}],
        POC,
        [(0, 36), (28, 24), (98, 12), (210, 0)],
        id="buprenorphine-15-10pc-current",
    ),
]


@pytest.mark.parametrize(("items", "strategy", "expected"), CASES)
def test_big_forced_cuts_wait_for_the_chosen_rate(
    items: list[dict[str, Any]], strategy: dict[str, Any], expected: list[tuple[int, float]]
) -> None:
    answer = plan(items, strategy)
    assert by_day(answer) == [(day, D(str(ome))) for day, ome in expected]
    # The dose taken on day 0 is the starting dose: every case's first real cut is too big.
    assert answer["steps"][0]["ome_mg_per_day"] == answer["starting_ome_mg_per_day"]
    assert "step-held-to-keep-rate" in codes(answer)
    assert "held longer than the chosen interval" in answer["steps"][0]["note"]


def test_morphine_mr_60_twice_a_day_at_10_percent_of_current_needs_no_hold_at_first() -> None:
    # 120 mg OME; 5 mg tablets make every 5 mg total. Targets 108, then 90% of each achieved dose:
    # nearest real doses 110 (day 0), 100 (99), 90 (90), 80 (81), 70 (72, nearer than 75). The
    # schedule (120 x 0.9^(k+1)) floors are 105, 91.5, 79.4, 68.4, 58.2: none is reached.
    answer = plan(
        [{"product": "Morphine 60mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2}],
        POC,
    )
    assert by_day(answer)[:5] == [(0, D(110)), (14, D(100)), (28, D(90)), (42, D(80)), (56, D(70))]


def test_an_evening_tramadol_dose_never_rises_while_the_cut_waits() -> None:
    # 100 mg at 08:00 and 20:00 (tramadol 50 mg capsules): 150 is 50 + 100 (the larger dose
    # later), 100 is 50 + 50, 50 is the evening dose alone. No time ever goes up.
    answer = plan(
        [{"product": "Tramadol 50mg capsules", "units_per_dose": 2, "times_per_day": 2, "times": ["08:00", "20:00"]}],
        POO,
    )
    evening = [sum(D(str(a["dose_mg"])) for a in s["administrations"] if a["time"] == "20:00") for s in answer["steps"]]
    morning = [sum(D(str(a["dose_mg"])) for a in s["administrations"] if a["time"] == "08:00") for s in answer["steps"]]
    assert evening == [100, 100, 50, 50, 0]
    assert morning == [100, 50, 50, 0, 0]
