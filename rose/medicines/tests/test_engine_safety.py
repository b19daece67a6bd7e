"""Issue 13 items 3 to 5 and 7 (engine side): the chosen rate is kept, no dose rises, input
errors are caught, and the prescriber can limit the strengths used.

Cases written from clinical-facts.md (Opioids Aware patch table, BNF maxima, MHRA 2020), not
from the older tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from rose.medicines.engine import (
    ContractError,
    calculate_ome,
    default_tables,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
    taper_response,
)
from rose.medicines.jsonio import parse_json

D = Decimal


def taper(request: dict[str, Any]) -> dict[str, Any]:
    base = {"start_date": "2027-05-03"}
    return taper_response(plan_taper(parse_taper_request({**base, **request})))


def codes(answer: dict[str, Any]) -> list[str]:
    return [w["code"] for w in answer["warnings"]]


def message(answer: dict[str, Any], code: str) -> str:
    found = [w["message"] for w in answer["warnings"] if w["code"] == code]
    assert found, f"no {code} in {codes(answer)}"
    return " ".join(found)


def ome_warnings(regimen: dict[str, Any]) -> dict[str, str]:
    parsed = parse_ome_request(regimen)
    table = default_tables().get(parsed.table_id)
    assert table is not None
    result = calculate_ome(parsed, table)
    joined: dict[str, str] = {}
    for w in result.warnings:
        joined[w.code] = joined.get(w.code, "") + w.message
    return joined


def plan_days(answer: dict[str, Any]) -> int:
    first = dt.date.fromisoformat(answer["steps"][0]["start_date"])
    stop = dt.date.fromisoformat(answer["steps"][-1]["start_date"])
    return (stop - first).days


# ----- item 3: the chosen rate is kept -----------------------------------------------------


def test_fentanyl_25_at_10_percent_of_current_every_14_days_does_not_stop_in_15_days() -> None:
    answer = taper(
        {
            "regimen": {"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}]},
            "strategy": {"type": "percent-of-current", "percent": 10, "interval_days": 14},
        }
    )
    # 60 mg OME (Opioids Aware) falls by 10% of the current dose a fortnight. The only real cut
    # is to the 12 patch (30 mg, 50%): the 25 patch is held until the schedule is within a
    # quarter of it (60 x 0.9^5 = 35.4 <= 36, day 56), never cut on day 1; 80% of the way to
    # stopping (12 mg) is reached after 16 fortnights, so the stop comes on day 210.
    assert [s["ome_mg_per_day"] for s in answer["steps"]] == [60, 30, 0]
    assert [s["days"] for s in answer["steps"][:2]] == [56, 154]
    assert plan_days(answer) == 210
    assert "step-held-to-keep-rate" in codes(answer)
    assert "step 1 lasts 56 days" in message(answer, "step-held-to-keep-rate")
    assert "held longer" in answer["steps"][0]["note"]


@pytest.mark.parametrize("rate", [20, 34, 52.5])
def test_buprenorphine_patches_take_at_least_three_quarters_of_the_chosen_time(rate: float) -> None:
    answer = taper(
        {
            "regimen": {"items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": rate}]}
            if rate != 34
            else {
                "items": [
                    {"product": "Buprenorphine 35micrograms/hour transdermal patches"},
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    # 10% of the original every 14 days reaches zero on day 9 x 14 = 126.
    assert plan_days(answer) >= 0.75 * 126


def test_two_phase_and_custom_plans_also_hold_big_cuts() -> None:
    two_phase = taper(
        {
            "regimen": {"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 12}]},
            "strategy": {
                "type": "two-phase",
                "percent": 10,
                "interval_days": 7,
                "slow_below_fraction": 0.5,
                "slow_percent": 5,
                "slow_interval_days": 28,
            },
        }
    )
    # 30 mg OME: 10% a week down to 15 (5 weeks), then 5% every 4 weeks: 80% of the way (to 6)
    # is reached only in the slow phase, so stopping comes months later, not after one week.
    assert plan_days(two_phase) >= 28 * 4
    custom = taper(
        {
            "regimen": {"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}]},
            "strategy": {
                "type": "custom",
                "targets_mg_per_day": [55, 50, 45, 40, 35, 30, 20, 10, 0],
                "interval_days": 14,
            },
        }
    )
    # Stop only once the custom targets are within a quarter of zero (target 10 or below).
    assert plan_days(custom) >= 7 * 14


def test_a_cut_larger_than_chosen_but_under_25_percent_is_reported() -> None:
    answer = taper(
        {
            "regimen": {"items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 20}]},
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    # 48 -> 36 mg OME (20 to 15 micrograms/hour) is 25%, where 10% was chosen.
    assert "25.0%" in message(answer, "larger-step-than-chosen")


# ----- item 4: no dose rises; whole tablets first -----------------------------------------


def test_evening_tramadol_never_rises_when_the_morning_dose_stops() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Tramadol 100mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    evening = [sum(a["dose_mg"] for a in s["administrations"] if a["slot"]["time"] == "20:00") for s in answer["steps"]]
    assert all(later <= earlier for earlier, later in itertools.pairwise(evening))
    assert max(evening) == 100


def test_one_whole_tablet_is_preferred_to_half_of_a_bigger_one() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine sulfate 20mg tablets",
                        "units_per_dose": 1,
                        "times_per_day": 4,
                        "times": ["08:00", "12:00", "17:00", "22:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 7},
        }
    )
    tens = [a for s in answer["steps"] for a in s["administrations"] if a["dose_mg"] == 10]
    assert tens and all(a["product"] == "Morphine sulfate 10mg tablets" and a["units"] == 1 for a in tens)


# ----- item 5: input errors ---------------------------------------------------------------


def test_a_duplicated_line_is_never_silent() -> None:
    line = {"product": "Co-codamol 30mg/500mg tablets", "units_per_dose": 2, "times_per_day": 2}
    warnings = ome_warnings({"items": [line, dict(line)]})
    assert "Items 1 and 2" in warnings["duplicate-item"]


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ([{"drug": "tramadol", "route": "oral", "dose_mg": 100, "times_per_day": 5}], "500 mg of tramadol"),
        (
            [
                {"product": "Codeine 60mg tablets", "units_per_dose": 1, "times_per_day": 4},
                {"product": "Co-codamol 30mg/500mg tablets", "units_per_dose": 1, "times_per_day": 2},
            ],
            "300 mg of codeine",
        ),
        (
            [{"drug": "tapentadol", "route": "oral", "release": "modified", "dose_mg": 300, "times_per_day": 2}],
            "600 mg of tapentadol modified-release",
        ),
        ([{"drug": "dihydrocodeine", "route": "oral", "dose_mg": 90, "times_per_day": 3}], "270 mg of dihydrocodeine"),
    ],
)
def test_doses_above_the_licensed_maximum_are_warned_with_the_source(items: list[dict[str, Any]], words: str) -> None:
    warning = ome_warnings({"items": items})["above-licensed-maximum"]
    assert (words in warning and "source: BNF" in warning.replace("SmPC (Palexia SR) via BNF", "BNF")) or (
        words in warning and "source:" in warning
    )


def test_at_the_licensed_maximum_there_is_no_warning() -> None:
    warnings = ome_warnings({"items": [{"drug": "tramadol", "route": "oral", "dose_mg": 100, "times_per_day": 4}]})
    assert "above-licensed-maximum" not in warnings


def test_eight_co_codamol_a_day_is_at_the_paracetamol_limit_ten_is_over() -> None:
    at = ome_warnings(
        {"items": [{"product": "Co-codamol 30mg/500mg tablets", "units_per_dose": 2, "times_per_day": 4}]}
    )
    assert "above-licensed-maximum" not in at
    over = ome_warnings(
        {"items": [{"product": "Co-codamol 8mg/500mg tablets", "units_per_dose": 2, "times_per_day": 5}]}
    )
    assert "5000 mg of paracetamol" in over["above-licensed-maximum"]


def test_milligrams_typed_for_micrograms_are_refused() -> None:
    # Sublingual buprenorphine for pain is 200 micrograms; "200" in the mg field is 1000 times that.
    with pytest.raises(ContractError) as caught:
        parse_ome_request(
            {"items": [{"drug": "buprenorphine", "route": "sublingual", "dose_mg": 200, "times_per_day": 3}]}
        )
    assert any("micrograms" in e["message"] for e in caught.value.errors)


def test_a_json_key_given_twice_is_refused() -> None:
    value, errors = parse_json(
        '{"items": [{"drug": "morphine", "route": "oral", "dose_mg": 10, "dose_mg": 100, "times_per_day": 2}]}'
    )
    assert value is None and errors is not None
    assert "dose_mg" in errors["errors"][0]["message"] and "more than once" in errors["errors"][0]["message"]


@pytest.mark.parametrize(("days", "warned"), [(3, True), (6, True), (7, False), (14, False)])
def test_steps_shorter_than_a_week_are_warned(days: int, warned: bool) -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine 30mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": days},
        }
    )
    assert ("short-interval" in codes(answer)) is warned


@pytest.mark.parametrize(
    "sedative", ["z-drug", "gabapentinoid", "benzodiazepine", "antipsychotic", "sedating-antihistamine", "alcohol"]
)
def test_every_sedative_named_by_the_mhra_counts_for_naloxone_and_sedation(sedative: str) -> None:
    # 20 mg OME: below the 50 mg naloxone threshold on its own.
    warnings = ome_warnings(
        {
            "co_prescribed": [sedative],
            "items": [{"drug": "codeine", "route": "oral", "dose_mg": 50, "times_per_day": 4}],
        }
    )
    assert "co-prescribed" in warnings["naloxone"]
    assert "MHRA" in warnings["sedative-co-prescribed"]


# ----- item 7: the prescriber limits the strengths ----------------------------------------


def test_only_10_and_30_mg_tablets_are_used_when_the_prescriber_says_so() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine 60mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
            "use_strengths": [10, 30],
        }
    )
    used = {a["product"] for s in answer["steps"][1:] for a in s["administrations"]}
    assert used <= {
        "Morphine 10mg modified-release tablets",
        "Morphine 30mg modified-release tablets",
        "Morphine 60mg modified-release tablets",
    }
    changed = {a["product"] for s in answer["steps"] for a in s["administrations"] if a["dose_mg"] != 60}
    assert changed <= {"Morphine 10mg modified-release tablets", "Morphine 30mg modified-release tablets"}


def test_a_strength_limit_no_product_meets_is_said_not_ignored() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine 60mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
            "use_strengths": [7],
        }
    )
    assert "strength-limit-not-met" in codes(answer)


def test_bad_strength_limits_are_refused() -> None:
    with pytest.raises(ContractError) as caught:
        parse_taper_request(
            {
                "regimen": {"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 60}]},
                "start_date": "2027-05-03",
                "use_strengths": ["ten"],
                "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
            }
        )
    assert any(e["field"].startswith("use_strengths") for e in caught.value.errors)


def test_a_dose_below_the_smallest_strength_gets_no_plan_and_says_why() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {"drug": "morphine", "route": "oral", "release": "modified", "dose_mg": 2, "times_per_day": 2}
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert answer["steps"] == [] and "not-plannable" in codes(answer)
