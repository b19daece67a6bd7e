"""Dosing times as data (issue 13 item 2), typed dose slots (item 1) and dose wording (item 6).

Cases written from the published tables in clinical-facts.md (Opioids Aware factors), not from
the older tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rose.medicines.engine import (
    ContractError,
    default_formulary,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
    taper_response,
)
from rose.medicines.engine.wording import dose_text

D = Decimal
MR30 = "Morphine 30mg modified-release tablets"
TEN_PERCENT = {"type": "percent-of-original", "percent": 10, "interval_days": 14}


def taper(items: list[dict[str, Any]], strategy: dict[str, Any] | None = None) -> dict[str, Any]:
    request = {
        "regimen": {"items": items},
        "start_date": "2027-02-01",
        "strategy": strategy or TEN_PERCENT,
    }
    return taper_response(plan_taper(parse_taper_request(request)))


def warning(result: dict[str, Any], code: str) -> str:
    messages = [w["message"] for w in result["warnings"] if w["code"] == code]
    assert messages, f"no {code} warning in {result['warnings']}"
    return " ".join(messages)


def by_time(step: dict[str, Any]) -> dict[str | None, Decimal]:
    totals: dict[str | None, Decimal] = {}
    for adm in step["administrations"]:
        key = adm["slot"]["time"] or adm["slot"]["label"]
        totals[key] = totals.get(key, D(0)) + D(str(adm["dose_mg"]))
    return totals


def test_uneven_doses_with_times_count_their_sum_and_start_the_plan_exactly() -> None:
    item = {
        "drug": "morphine",
        "route": "oral",
        "release": "modified",
        "doses": [{"time": "20:00", "dose_mg": 60}, {"time": "08:00", "dose_mg": 30}],
    }
    regimen = parse_ome_request({"items": [item]})
    assert regimen.items[0].mg_per_day == 90 and regimen.items[0].times == ("08:00", "20:00")
    result = taper([item])
    assert result["starting_ome_mg_per_day"] == 90
    first = by_time(result["steps"][0])
    assert first["08:00"] <= 30 and first["20:00"] <= 60
    assert "dosing-times-assumed" not in [w["code"] for w in result["warnings"]]


def test_product_doses_in_units_are_accepted() -> None:
    item = {"product": MR30, "doses": [{"time": "08:00", "units": 1}, {"time": "20:00", "units": 2}]}
    assert parse_ome_request({"items": [item]}).items[0].mg_per_day == 90


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"product": MR30, "doses": [{"time": "8am", "units": 1}]}, "items[0].doses[0].time"),
        ({"product": MR30, "doses": [{"time": "08:00"}]}, "items[0].doses[0]"),
        ({"product": MR30, "doses": [], "times_per_day": 2}, "items[0].times_per_day"),
        ({"product": MR30, "doses": [{"time": "08:00", "units": 0.5}]}, "items[0].doses[0]"),
        (
            {"product": MR30, "as_needed": True, "doses": [{"time": "08:00", "units": 1}]},
            "items[0].doses",
        ),
        (
            {
                "drug": "oxycodone",
                "route": "oral",
                "doses": [{"time": "08:00", "dose_mg": 5}, {"time": "08:00", "dose_mg": 5}],
            },
            "items[0].doses",
        ),
    ],
)
def test_bad_doses_are_refused_with_the_field(item: dict[str, Any], field: str) -> None:
    with pytest.raises(ContractError) as caught:
        parse_ome_request({"items": [item]})
    assert field in [e["field"] for e in caught.value.errors]


def test_two_once_daily_rows_of_one_mr_opioid_are_not_merged_into_one_morning_dose() -> None:
    rows = [
        {"product": MR30, "units_per_dose": 1, "times_per_day": 1},
        {"product": "Morphine 60mg modified-release tablets", "units_per_dose": 1, "times_per_day": 1},
    ]
    result = taper(rows)
    first = result["steps"][0]
    assert {a["slot"]["time"] for a in first["administrations"]} == {"08:00", "20:00"}
    message = warning(result, "dosing-times-assumed")
    assert "08:00" in message and "20:00" in message


def test_given_times_need_no_assumption_but_defaults_are_named() -> None:
    given = taper([{"product": MR30, "units_per_dose": 1, "times_per_day": 2, "times": ["07:00", "19:00"]}])
    assert "dosing-times-assumed" not in [w["code"] for w in given["warnings"]]
    assumed = taper([{"product": MR30, "units_per_dose": 1, "times_per_day": 2}])
    assert "08:00 and 20:00" in warning(assumed, "dosing-times-assumed")


def test_as_needed_and_six_a_day_have_no_invented_clock_times() -> None:
    result = taper(
        [
            {
                "product": "Morphine sulfate 10mg/5ml oral solution",
                "units_per_dose": 5,
                "times_per_day": 3,
                "as_needed": True,
            },
            {"drug": "oxycodone", "route": "oral", "dose_mg": 5, "times_per_day": 6, "release": "immediate"},
        ]
    )
    slots = [a["slot"] for step in result["steps"] for a in step["administrations"]]
    kinds = {s["kind"] for s in slots}
    assert kinds == {"as-needed", "untimed"}
    assert all(s["time"] is None for s in slots)
    assert {s["count"] for s in slots if s["kind"] == "untimed"} == {6}
    assert any(s["label"].startswith("as needed") for s in slots)


def test_patch_slots_say_the_wear_time() -> None:
    result = taper([{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 25}])
    slot = result["steps"][0]["administrations"][0]["slot"]
    assert slot == {
        "time": None,
        "kind": "patch",
        "label": "change every 72 hours",
        "number": 1,
        "count": 1,
        "wear_hours": 72,
    }


def test_liquid_doses_read_in_ml_and_mg_everywhere() -> None:
    solution = default_formulary().by_name("Morphine sulfate 10mg/5ml oral solution")
    assert solution is not None
    assert dose_text(solution, D(5)) == "5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution"
    assert dose_text(solution, D("2.5")) == "2.5 ml (5 mg) of morphine sulfate 10 mg/5 ml oral solution"
    result = taper(
        [
            {
                "product": "Morphine sulfate 10mg/5ml oral solution",
                "units_per_dose": 10,
                "times_per_day": 2,
                "times": ["08:00", "20:00"],
            }
        ]
    )
    texts = [a["dose_text"] for s in result["steps"] for a in s["administrations"]]
    assert texts and all(" ml (" in t and " mg) of morphine sulfate" in t for t in texts)


def test_combination_products_name_the_opioid_in_words() -> None:
    cocodamol = default_formulary().by_name("Co-codamol 30mg/500mg tablets")
    assert cocodamol is not None
    assert dose_text(cocodamol, D(2)) == "2 tablets (60 mg codeine) of co-codamol 30 mg/500 mg tablets"


def test_the_amount_alone_reads_the_same_for_table_columns() -> None:
    from rose.medicines.engine.wording import amount_text

    assert amount_text(D(5), "ml", D(2)) == "5 ml (10 mg)"
    assert amount_text(D("1.5"), "tablet", D(20)) == "1.5 tablets (30 mg)"
    assert amount_text(D(1), "patch", None) == "1 patch"


def test_as_needed_administrations_say_so() -> None:
    result = taper([{"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 2, "as_needed": True}])
    adms = [a for s in result["steps"] for a in s["administrations"]]
    assert adms and all(a["as_needed"] is True for a in adms)


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False)
    | st.text(max_size=6)
    | st.sampled_from(["08:00", "20:00", "24:00", "8:00"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["time", "dose_mg", "units", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(JSONISH, st.sampled_from([{"product": MR30}, {"drug": "oxycodone", "route": "oral"}]), st.booleans())
def test_any_doses_value_gives_a_plan_or_a_contract_error(doses: Any, base: dict[str, Any], prn: bool) -> None:
    item = {**base, "doses": doses, "as_needed": prn}
    try:
        regimen = parse_ome_request({"items": [item]})
    except ContractError as error:
        assert error.errors and all(set(e) == {"field", "message"} for e in error.errors)
        return
    assert regimen.items[0].mg_per_day is not None and regimen.items[0].mg_per_day > 0
    taper([item])
