"""The JSON contract: specific errors for bad input, and nothing but ContractError."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rose.medicines.engine import (
    ContractError,
    parse_ome_request,
    parse_taper_request,
    plan_taper,
    taper_response,
)
from rose.medicines.engine.contract_items import ITEM_KEYS

MORPHINE_MR = {
    "product": "Morphine 30mg modified-release tablets",
    "units_per_dose": 1,
    "times_per_day": 2,
}


def errors_for(request: Any) -> list[dict[str, str]]:
    with pytest.raises(ContractError) as caught:
        parse_ome_request(request)
    return caught.value.errors


def fields(request: Any) -> list[str]:
    return [e["field"] for e in errors_for(request)]


def test_unknown_drug_names_the_field_and_lists_known_drugs() -> None:
    errors = errors_for(
        {"items": [{"drug": "unicornine", "route": "oral", "dose_mg": 5, "times_per_day": 1}]}
    )
    assert errors[0]["field"] == "items[0].drug" and "not a known opioid" in errors[0]["message"]


def test_unknown_product_is_refused() -> None:
    errors = errors_for(
        {"items": [{"product": "Morphine 31mg tablets", "units_per_dose": 1, "times_per_day": 1}]}
    )
    assert (
        errors[0]["field"] == "items[0].product" and "not in the formulary" in errors[0]["message"]
    )


@pytest.mark.parametrize("dose", [0, -5, 2001, 1e309, float("nan"), True, "10", None])
def test_zero_negative_absurd_and_non_numeric_doses_are_refused(dose: Any) -> None:
    assert fields(
        {"items": [{"drug": "morphine", "route": "oral", "dose_mg": dose, "times_per_day": 2}]}
    ) == ["items[0].dose_mg"]


def test_an_absurd_daily_oral_morphine_equivalent_is_refused() -> None:
    errors = errors_for(
        {"items": [{"drug": "hydromorphone", "route": "oral", "dose_mg": 500, "times_per_day": 4}]}
    )
    assert errors[0]["field"] == "items[0]" and "implausible" in errors[0]["message"]


def test_missing_fields_are_named() -> None:
    assert fields({"items": [{"drug": "morphine", "route": "oral"}]}) == ["items[0].dose_mg"]
    assert fields({"items": [{"drug": "morphine", "dose_mg": 5, "times_per_day": 1}]}) == [
        "items[0].route"
    ]
    assert fields({"items": [{"product": "Codeine 30mg tablets", "times_per_day": 4}]}) == [
        "items[0].units_per_dose"
    ]
    assert fields({}) == ["items"]


def test_fentanyl_patch_given_in_mg_is_refused_as_wrong_units() -> None:
    errors = errors_for(
        {"items": [{"drug": "fentanyl", "route": "transdermal", "dose_mg": 25, "times_per_day": 1}]}
    )
    assert any("micrograms per hour" in e["message"] for e in errors)


def test_micrograms_per_hour_on_an_oral_item_is_refused() -> None:
    assert "items[0].mcg_per_hour" in fields(
        {"items": [{"drug": "morphine", "route": "oral", "mcg_per_hour": 25}]}
    )


def test_unknown_table_is_refused_with_the_choices() -> None:
    errors = errors_for({"table": "bnf-1999", "items": [MORPHINE_MR]})
    assert errors[0]["field"] == "table" and "opioids-aware-2020" in errors[0]["message"]


def test_unscored_tablet_cannot_be_halved() -> None:
    errors = errors_for({"items": [dict(MORPHINE_MR, units_per_dose=1.5)]})
    assert errors[0]["field"] == "items[0].units_per_dose"
    assert "may not be split" in errors[0]["message"]


def test_scored_tablet_may_be_halved() -> None:
    regimen = parse_ome_request(
        {
            "items": [
                {
                    "product": "Morphine sulfate 10mg tablets",
                    "units_per_dose": 0.5,
                    "times_per_day": 4,
                }
            ]
        }
    )
    assert str(regimen.items[0].mg_per_day) == "20.0"


def test_unrecognised_item_fields_are_refused_to_catch_typos() -> None:
    assert "items[0].dose" in fields({"items": [{"drug": "morphine", "route": "oral", "dose": 5}]})


def test_dosing_times_must_match_times_per_day() -> None:
    assert fields({"items": [dict(MORPHINE_MR, times=["08:00"])]}) == ["items[0].times"]
    assert fields({"items": [dict(MORPHINE_MR, times=["08:00", "25:00"])]}) == ["items[0].times"]


def test_default_dosing_times_follow_times_per_day() -> None:
    regimen = parse_ome_request({"items": [dict(MORPHINE_MR, times_per_day=3)]})
    assert regimen.items[0].times == ("08:00", "14:00", "22:00")


def test_unknown_co_prescription_is_refused() -> None:
    assert fields({"items": [MORPHINE_MR], "co_prescribed": ["chocolate"]}) == ["co_prescribed"]


def taper_errors(request: Any) -> list[str]:
    with pytest.raises(ContractError) as caught:
        parse_taper_request(request)
    return [e["field"] for e in caught.value.errors]


GOOD_TAPER = {
    "regimen": {"items": [MORPHINE_MR]},
    "start_date": "2026-01-05",
    "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
}


def test_bad_dates_are_refused() -> None:
    for date in ("2026-02-30", "05/01/2026", 20260105, None):
        assert taper_errors(dict(GOOD_TAPER, start_date=date)) == ["start_date"]


def test_unknown_strategy_is_refused() -> None:
    assert taper_errors(dict(GOOD_TAPER, strategy={"type": "cold-turkey", "interval_days": 7})) == [
        "strategy.type"
    ]


def test_a_percent_below_one_is_refused() -> None:
    strategy = {"type": "percent-of-current", "percent": 0.01, "interval_days": 7}
    assert taper_errors(dict(GOOD_TAPER, strategy=strategy)) == ["strategy.percent"]


def test_custom_targets_that_increase_are_refused() -> None:
    strategy = {"type": "custom", "targets_mg_per_day": [40, 50], "interval_days": 7}
    assert taper_errors(dict(GOOD_TAPER, strategy=strategy)) == ["strategy.targets_mg_per_day"]


def test_two_phase_needs_its_slow_phase_fields() -> None:
    strategy = {"type": "two-phase", "percent": 10, "interval_days": 14}
    assert set(taper_errors(dict(GOOD_TAPER, strategy=strategy))) == {
        "strategy.slow_below_fraction",
        "strategy.slow_percent",
        "strategy.slow_interval_days",
    }


def test_errors_across_the_request_are_reported_together() -> None:
    request = dict(GOOD_TAPER, start_date="soon", holds=[{"after_step": 0, "days": 14}])
    assert set(taper_errors(request)) == {"start_date", "holds[0].after_step"}


def test_taper_response_is_json_serialisable() -> None:
    plan = plan_taper(parse_taper_request(GOOD_TAPER))
    text = json.dumps(taper_response(plan))
    assert '"ome_mg_per_day": 0' in text and "Decimal" not in text


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=20,
)
# Every key an item may carry (the parser's own list, so a new one is fuzzed too) and a request-level key.
KEYS = st.sampled_from(sorted(ITEM_KEYS | {"table"}))
VALUES = st.one_of(
    JSON,
    st.sampled_from(
        [
            "morphine",
            "fentanyl",
            "oral",
            "transdermal",
            "Co-codamol 30mg/500mg tablets",
            "Fentanyl 25micrograms/hour transdermal patches",
            "08:00",
            "modified",
        ]
    ),
    st.integers(min_value=-3, max_value=3),
    st.floats(min_value=-1, max_value=3000),
)
ITEMS = st.dictionaries(KEYS, VALUES, max_size=6)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"items": st.lists(ITEMS, max_size=3)},
            optional={"table": VALUES, "co_prescribed": JSON},
        ),
    )
)
def test_fuzzed_ome_requests_raise_only_contract_errors(request: Any) -> None:
    try:
        parse_ome_request(request)
    except ContractError as error:
        assert error.errors and all(e["field"] and e["message"] for e in error.errors)


STRATEGIES = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["percent-of-original", "percent-of-current", "two-phase", "custom", "x"]
        )
    },
    optional={
        "percent": VALUES,
        "interval_days": VALUES,
        "slow_below_fraction": VALUES,
        "slow_percent": VALUES,
        "slow_interval_days": VALUES,
        "targets_mg_per_day": JSON,
        "max_step_percent": VALUES,
        "allow_larger_steps": VALUES,
    },
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {
                "regimen": st.one_of(JSON, st.just({"items": [MORPHINE_MR]})),
                "start_date": st.one_of(JSON, st.just("2026-01-05")),
                "strategy": STRATEGIES,
            },
            optional={"holds": JSON, "consolidate": JSON, "use_products": JSON},
        ),
    )
)
def test_fuzzed_taper_requests_raise_only_contract_errors(request: Any) -> None:
    try:
        parse_taper_request(request)
    except ContractError as error:
        assert error.errors and all(e["field"] and e["message"] for e in error.errors)
