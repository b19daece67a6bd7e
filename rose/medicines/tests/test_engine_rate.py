"""Issue 13 item 3, worked cases: the chosen rate is kept when real strengths force a bigger cut.

Written from clinical-facts.md (Opioids Aware 2020: fentanyl 12/25 patches 30/60 mg OME a day,
buprenorphine 5/10/15/20 patches 12/24/36/48; tramadol x 0.1, oxycodone x 1.5, morphine x 1) and
rule 3a of docs/dose-engine.md, not from the older tests. Each figure is worked by hand below.

The rule by hand: in segment k (days 14k to 14k + 13) the chosen schedule is at S(k)
(percent-of-original: base - 10% of base x (k+1); percent-of-current: base x 0.9^(k+1)). A real
dose D may start in segment k only if base - D <= 1.25 x (base - S(k)); otherwise the current dose
is held. Stopping is the real dose 0, so a plan stops once S(k) <= 20% of the starting dose.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from rose.medicines.engine import parse_taper_request, plan_taper, taper_response

D = Decimal
START = dt.date(2027, 1, 4)
POO = {"type": "percent-of-original", "percent": 10, "interval_days": 14}
POC = {"type": "percent-of-current", "percent": 10, "interval_days": 14}
FENTANYL_25 = [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}]
BUPRENORPHINE_20 = [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 20}]
TRAMADOL_200 = [{"product": "Tramadol 50mg capsules", "units_per_dose": 1, "times_per_day": 4}]
MST_30_BD = [{"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2}]
OXYCODONE_20_BD = [{"product": "Oxycodone 20mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2}]


def plan(items: list[dict[str, Any]], strategy: dict[str, Any], **extra: Any) -> dict[str, Any]:
    request = {"regimen": {"items": items}, "start_date": START.isoformat(), "strategy": strategy}
    return taper_response(plan_taper(parse_taper_request({**request, **extra})))


def by_day(answer: dict[str, Any]) -> list[tuple[int, Decimal]]:
    return [
        ((dt.date.fromisoformat(s["start_date"]) - START).days, D(str(s["ome_mg_per_day"]))) for s in answer["steps"]
    ]


def warning(answer: dict[str, Any], code: str) -> str:
    return " ".join(w["message"] for w in answer["warnings"] if w["code"] == code)


@pytest.mark.parametrize(
    ("items", "strategy", "expected"),
    [
        # Fentanyl 25 (60). Only real cut: the 12 patch (30), then stop.
        # 10% of current: 30 needs S <= 36, 0.9^(k+1) <= 0.6, k = 4 (day 56); stop needs S <= 12,
        # 0.9^(k+1) <= 0.2, k = 15 (day 210). Before the fix: 30 from day 0.
        pytest.param(FENTANYL_25, POC, [(0, 60), (56, 30), (210, 0)], id="fentanyl-25-poc"),
        # 10% of original: S(k) = 60 - 6(k+1); 30 needs k+1 >= 4 (day 42); stop k+1 >= 8 (day 98).
        pytest.param(FENTANYL_25, POO, [(0, 60), (42, 30), (98, 0)], id="fentanyl-25-poo"),
        # Buprenorphine 20 (48). Real doses 36, 24, 12, 0.
        # 10% of current: 36 needs 0.9^(k+1) <= 0.8 (k=2, day 28); 24 <= 0.6 (k=4, day 56);
        # 12 <= 0.4 (k=8, day 112); stop <= 0.2 (k=15, day 210).
        pytest.param(BUPRENORPHINE_20, POC, [(0, 48), (28, 36), (56, 24), (112, 12), (210, 0)], id="bup-20-poc"),
        # 10% of original: S(k) = 48 - 4.8(k+1). 36 needs S <= 38.4 (k=1, day 14); 24 needs
        # S <= 28.8 (k=3, day 42); 12 needs S <= 19.2 (k=5, day 70); stop S <= 9.6 (k=7, day 98).
        pytest.param(BUPRENORPHINE_20, POO, [(0, 48), (14, 36), (42, 24), (70, 12), (98, 0)], id="bup-20-poo"),
        # Tramadol 50 mg four times a day (200 mg, 20). Real doses drop one 50 mg dose at a time:
        # 15, 10, 5, 0. 10% of original: S(k) = 20 - 2(k+1); 15 needs S <= 16 (day 14); 10 needs
        # S <= 12 (day 42); 5 needs S <= 8 (day 70); stop S <= 4 (day 98). Before: 150 mg on day 0.
        pytest.param(TRAMADOL_200, POO, [(0, 20), (14, 15), (42, 10), (70, 5), (98, 0)], id="tramadol-200-poo"),
        # 10% of current: 15 at 0.9^(k+1) <= 0.8 (day 28), 10 at 0.6 (day 56), 5 at 0.4 (day 112),
        # stop at 0.2 (day 210).
        pytest.param(TRAMADOL_200, POC, [(0, 20), (28, 15), (56, 10), (112, 5), (210, 0)], id="tramadol-200-poc"),
        # MST 30 mg twice a day (60). 5 mg tablets make every 5 mg. 10% of original: targets 54,
        # 48, 42, 36, 30, 24, 18, then 12, 6, 0: nearest real doses 55, 50, 40, 35, 30, 25, 20;
        # then 20 -> 15 (a cut to 10 would be 50%, over the 25% maximum), 10, 5 (the smallest cut
        # each time, over the maximum), stop. No forced cut runs ahead, so nothing waits.
        pytest.param(
            MST_30_BD,
            POO,
            [
                (0, 55),
                (14, 50),
                (28, 40),
                (42, 35),
                (56, 30),
                (70, 25),
                (84, 20),
                (98, 15),
                (112, 10),
                (126, 5),
                (140, 0),
            ],
            id="mst-30-bd-poo",
        ),
        # Oxycodone MR 20 mg twice a day (40 mg, 60). Real doses go down 5 mg (7.5 OME).
        # 10% of original, S(k) = 60 - 6(k+1): 52.5 (day 0; floor 52.5), 45 (day 14), 37.5
        # (day 28), 30 (day 42), target 30 not below 30 -> hold, 22.5 (day 70), 15 (day 84,
        # over the maximum step), 7.5 (day 98), stop (S = 6 <= 12, day 112).
        pytest.param(
            OXYCODONE_20_BD,
            POO,
            [(0, 52.5), (14, 45), (28, 37.5), (42, 30), (70, 22.5), (84, 15), (98, 7.5), (112, 0)],
            id="oxycodone-20-bd-poo",
        ),
    ],
)
def test_worked_plans_keep_the_chosen_rate(
    items: list[dict[str, Any]], strategy: dict[str, Any], expected: list[tuple[int, float]]
) -> None:
    assert by_day(plan(items, strategy)) == [(day, D(str(ome))) for day, ome in expected]


def test_fentanyl_25_stays_on_the_25_patch_and_says_why_in_plain_words() -> None:
    answer = plan(FENTANYL_25, POC)
    first = answer["steps"][0]
    assert first["administrations"][0]["product"] == "Fentanyl 25micrograms/hour transdermal patches"
    assert first["note"].startswith("Stay on the starting dose for now.")
    assert "56 days in all" in first["note"] and "(30 mg OME a day)" in first["note"]
    held = warning(answer, "step-held-to-keep-rate")
    assert "step 1 lasts 56 days at 60, then 30" in held
    assert "step 2 lasts 154 days at 30, then stop" in held


@pytest.mark.parametrize(
    "items", [BUPRENORPHINE_20, FENTANYL_25, [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 10}]]
)
def test_patches_take_at_least_three_quarters_of_the_chosen_time(items: list[dict[str, Any]]) -> None:
    # 10% of the original every 14 days reaches zero on day 126; before the fix the first cut
    # came on day 0. Now nothing is cut before the schedule is within a quarter of it.
    steps = by_day(plan(items, POO))
    assert steps[-1][0] >= 0.75 * 126
    assert steps[0] == (0, plan(items, POO)["starting_ome_mg_per_day"])


def test_a_cut_larger_than_chosen_but_within_the_maximum_is_said() -> None:
    # Buprenorphine 20 -> 15 on day 14 is 48 -> 36 (25%) where the schedule asked for 48 -> 38.4
    # (20%): within the 25% maximum step, so it is a larger-step-than-chosen warning, not silent.
    answer = plan(BUPRENORPHINE_20, POO)
    assert "Step 2" in warning(answer, "larger-step-than-chosen")
    assert "25.0%" in warning(answer, "larger-step-than-chosen")
    assert "20.0%" in warning(answer, "larger-step-than-chosen")


def test_a_cut_within_the_chosen_rate_is_not_held() -> None:
    # MST 30 twice a day at 10% of original: 60 -> 55 on day 0 is 8.3%, within the rate.
    answer = plan(MST_30_BD, POO)
    assert answer["steps"][0]["ome_mg_per_day"] == 55
    assert "held longer" not in answer["steps"][0]["note"]


def test_a_consolidation_step_held_before_the_first_cut_is_said() -> None:
    # Fentanyl 25 (60) + tramadol 50 mg twice a day (10) = 70, consolidated to fentanyl patches
    # after a 25% reduction: 52.5 -> the largest real dose not above it is the 12 patch (30).
    # From 30 the only cut is stopping, allowed once S(k) = 30 - 3(k+1) <= 6 (k = 7, day 112
    # after the switch): the switch step is held, and that must be said, not silent.
    items = [*FENTANYL_25, {"product": "Tramadol 50mg capsules", "units_per_dose": 1, "times_per_day": 2}]
    consolidate = {
        "product": "Fentanyl 25micrograms/hour transdermal patches",
        "cross_tolerance_reduction_percent": 25,
    }
    answer = plan(items, POO, consolidate=consolidate)
    assert by_day(answer) == [(0, D(30)), (112, D(0))]
    assert "held longer than the chosen interval" in answer["steps"][0]["note"]
    assert "step 1 lasts 112 days at 30, then stop" in warning(answer, "step-held-to-keep-rate")
