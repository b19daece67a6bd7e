"""Held-out cases for issue 13, written from the published tables in clinical-facts.md (Opioids
Aware 2020, CDC 2022, ANZCA 2021, BNF maxima, MHRA 2020) after the engine changes were made, and
never used to tune the engine. Each expected figure is worked by hand in the comment.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from rose.medicines.engine import (
    calculate_ome,
    default_tables,
    ome_response,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
    taper_response,
)

D = Decimal


def ome(regimen: dict[str, Any]) -> dict[str, Any]:
    parsed = parse_ome_request(regimen)
    table = default_tables().get(parsed.table_id)
    assert table is not None
    return ome_response(calculate_ome(parsed, table))


def codes(answer: dict[str, Any]) -> set[str]:
    return {w["code"] for w in answer["warnings"]}


@pytest.mark.parametrize(
    ("regimen", "total", "present", "absent"),
    [
        # Tapentadol MR 150 mg twice a day: 300 x 0.4 = 120 (Opioids Aware); under 500 mg licence.
        (
            {
                "items": [
                    {"drug": "tapentadol", "route": "oral", "release": "modified", "dose_mg": 150, "times_per_day": 2}
                ]
            },
            120,
            {"high-dose"},
            {"above-licensed-maximum"},
        ),
        # Hydromorphone 8 mg twice a day: 16 x 5 = 80.
        (
            {"items": [{"drug": "hydromorphone", "route": "oral", "dose_mg": 8, "times_per_day": 2}]},
            80,
            {"naloxone"},
            {"high-dose"},
        ),
        # Sublingual buprenorphine 400 micrograms three times a day: 1.2 mg x 40 = 48.
        (
            {"items": [{"drug": "buprenorphine", "route": "sublingual", "dose_mg": 0.4, "times_per_day": 3}]},
            48,
            set(),
            {"naloxone", "above-licensed-maximum"},
        ),
        # Fentanyl 75 patch: 180 (lookup); buprenorphine 52.5 patch: 126.
        (
            {"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 75}]},
            180,
            {"high-dose"},
            {"specialist-review"},
        ),
        (
            {"items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 52.5}]},
            126,
            {"high-dose"},
            set(),
        ),
        # Co-dydramol 10/500, 2 tablets four times a day: 80 mg dihydrocodeine x 0.1 = 8; 4 g paracetamol.
        (
            {"items": [{"product": "Co-dydramol 10mg/500mg tablets", "units_per_dose": 2, "times_per_day": 4}]},
            8,
            set(),
            {"above-licensed-maximum"},
        ),
        # CDC 2022: codeine 60 mg four times a day 240 x 0.15 = 36; tramadol 100 x 3 = 300 x 0.2 = 60.
        (
            {"table": "cdc-2022", "items": [{"drug": "codeine", "route": "oral", "dose_mg": 60, "times_per_day": 4}]},
            36,
            set(),
            {"above-licensed-maximum"},
        ),
        (
            {"table": "cdc-2022", "items": [{"drug": "tramadol", "route": "oral", "dose_mg": 100, "times_per_day": 3}]},
            60,
            {"naloxone"},
            set(),
        ),
        # ANZCA 2021: tapentadol 200 x 0.3 = 60; fentanyl 25 x 3 = 75; buprenorphine 10 patch x 2 = 20.
        (
            {"table": "anzca-2021", "items": [{"drug": "tapentadol", "route": "oral", "mg_per_day": 200}]},
            60,
            set(),
            set(),
        ),
        (
            {"table": "anzca-2021", "items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}]},
            75,
            set(),
            set(),
        ),
        (
            {"table": "anzca-2021", "items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 10}]},
            20,
            set(),
            set(),
        ),
        # Oxycodone MR 10 mg at 08:00 and 20 mg at 20:00: 30 x 1.5 = 45.
        (
            {
                "items": [
                    {
                        "drug": "oxycodone",
                        "route": "oral",
                        "release": "modified",
                        "doses": [{"time": "08:00", "dose_mg": 10}, {"time": "20:00", "dose_mg": 20}],
                    }
                ]
            },
            45,
            set(),
            {"naloxone"},
        ),
        # Oxycodone MR 20 mg twice a day (60) + oral morphine 10 mg as needed twice a day (20) = 80.
        (
            {
                "items": [
                    {"drug": "oxycodone", "route": "oral", "dose_mg": 20, "times_per_day": 2},
                    {"drug": "morphine", "route": "oral", "dose_mg": 10, "times_per_day": 2, "as_needed": True},
                ]
            },
            80,
            {"multiple-opioids", "as-needed-use", "naloxone"},
            set(),
        ),
        # Tramadol exactly 400 mg: at the BNF maximum, not above it; 450 mg is above.
        ({"items": [{"drug": "tramadol", "route": "oral", "mg_per_day": 400}]}, 40, set(), {"above-licensed-maximum"}),
        ({"items": [{"drug": "tramadol", "route": "oral", "mg_per_day": 450}]}, 45, {"above-licensed-maximum"}, set()),
        # Codeine 30 mg four times a day (12) with zopiclone: naloxone because of the z-drug.
        (
            {
                "co_prescribed": ["z-drug"],
                "items": [{"drug": "codeine", "route": "oral", "dose_mg": 30, "times_per_day": 4}],
            },
            12,
            {"naloxone", "sedative-co-prescribed"},
            set(),
        ),
        # Pregabalin with 20 mg OME: naloxone and sedation warnings.
        (
            {"co_prescribed": ["gabapentinoid"], "items": [{"drug": "morphine", "route": "oral", "mg_per_day": 20}]},
            20,
            {"naloxone", "sedative-co-prescribed"},
            set(),
        ),
    ],
)
def test_held_out_ome_cases(regimen: dict[str, Any], total: int, present: set[str], absent: set[str]) -> None:
    answer = ome(regimen)
    assert answer["total_ome_mg_per_day"] == total
    assert present <= codes(answer)
    assert not absent & codes(answer)


def taper(request: dict[str, Any]) -> dict[str, Any]:
    return taper_response(plan_taper(parse_taper_request({"start_date": "2027-09-06", **request})))


def stop_day(answer: dict[str, Any]) -> int:
    first = dt.date.fromisoformat(answer["steps"][0]["start_date"])
    return (dt.date.fromisoformat(answer["steps"][-1]["start_date"]) - first).days


def per_time(step: dict[str, Any]) -> dict[str, Decimal]:
    doses: dict[str, Decimal] = {}
    for adm in step["administrations"]:
        if adm["dose_mg"] is not None:
            key = adm["slot"]["time"] or adm["slot"]["label"]
            doses[key] = doses.get(key, D(0)) + D(str(adm["dose_mg"]))
    return doses


def assert_safe_shape(answer: dict[str, Any]) -> None:
    steps = answer["steps"]
    assert steps[-1]["ome_mg_per_day"] == 0
    for before, after in itertools.pairwise(steps):
        assert after["ome_mg_per_day"] < before["ome_mg_per_day"]
        earlier, later = per_time(before), per_time(after)
        assert all(k in earlier and v <= earlier[k] for k, v in later.items())


def test_morphine_mr_60_twice_daily_at_10_percent_of_original_fortnightly() -> None:
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
        }
    )
    assert_safe_shape(answer)
    # 120 falls by 12 a fortnight: the schedule reaches 0 on day 9 x 14 = 126.
    assert stop_day(answer) >= 0.75 * 126
    assert answer["starting_ome_mg_per_day"] == 120


def test_oxycodone_mr_40_twice_daily_at_10_percent_of_current_monthly() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Oxycodone 40mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["09:00", "21:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-current", "percent": 10, "interval_days": 28},
        }
    )
    assert_safe_shape(answer)
    first = answer["steps"][0]
    assert first["ome_mg_per_day"] >= 0.75 * 120 and first["days"] >= 28
    assert {a["slot"]["time"] for s in answer["steps"] for a in s["administrations"]} <= {"09:00", "21:00"}


def test_buprenorphine_10_patch_at_25_percent_weekly_is_not_stopped_early() -> None:
    answer = taper(
        {
            "regimen": {"items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 10}]},
            "strategy": {"type": "percent-of-original", "percent": 25, "interval_days": 7},
        }
    )
    assert_safe_shape(answer)
    # 24 falls by 6 a week: the schedule reaches 0 on day 21.
    assert stop_day(answer) >= 0.75 * 21


def test_tramadol_capsules_four_times_a_day_never_raise_a_dose() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Tramadol 50mg capsules",
                        "units_per_dose": 2,
                        "times_per_day": 4,
                        "times": ["07:00", "12:00", "17:00", "22:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert_safe_shape(answer)


def test_as_needed_morphine_solution_reads_in_ml_and_mg() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine sulfate 10mg/5ml oral solution",
                        "units_per_dose": 5,
                        "times_per_day": 4,
                        "as_needed": True,
                    }
                ]
            },
            "strategy": {"type": "percent-of-current", "percent": 20, "interval_days": 7},
        }
    )
    assert_safe_shape(answer)
    adms = [a for s in answer["steps"] for a in s["administrations"]]
    assert {a["slot"]["kind"] for a in adms} == {"as-needed"}
    assert all(a["slot"]["time"] is None for a in adms)
    assert all(D(str(a["units"])) % D("2.5") == 0 for a in adms)
    assert all(a["dose_text"].endswith("mg) of morphine sulfate 10 mg/5 ml oral solution") for a in adms)


def test_fentanyl_50_with_morphine_mr_keeps_the_rate() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 50},
                    {
                        "product": "Morphine 30mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    },
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert_safe_shape(answer)
    # 120 + 60 = 180 falls by 18 a fortnight: zero on day 126.
    assert stop_day(answer) >= 0.75 * 126


def test_two_once_daily_oxycodone_rows_are_morning_and_evening_with_a_warning() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {"product": "Oxycodone 10mg modified-release tablets", "units_per_dose": 1, "times_per_day": 1},
                    {"product": "Oxycodone 20mg modified-release tablets", "units_per_dose": 1, "times_per_day": 1},
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert_safe_shape(answer)
    assert len(per_time(answer["steps"][0])) == 2
    assert "dosing-times-assumed" in codes(answer)


def test_only_5_and_10_mg_oxycodone_tablets_when_limited() -> None:
    answer = taper(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Oxycodone 20mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "times": ["08:00", "20:00"],
                    }
                ]
            },
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
            "use_strengths": [5, 10],
        }
    )
    assert_safe_shape(answer)
    changed = {a["product"] for s in answer["steps"] for a in s["administrations"] if a["dose_mg"] != 20}
    assert changed <= {"Oxycodone 5mg modified-release tablets", "Oxycodone 10mg modified-release tablets"}
