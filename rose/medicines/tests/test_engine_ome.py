"""OME calculator: published examples, warnings and properties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rose.medicines.engine import calculate_ome, default_tables, ome_response, parse_ome_request

D = Decimal


def ome(request: dict[str, Any], threshold: int = 120) -> dict[str, Any]:
    regimen = parse_ome_request(request)
    table = default_tables().get(regimen.table_id)
    assert table is not None
    return ome_response(calculate_ome(regimen, table, high_dose_threshold=D(threshold)))


def codes(answer: dict[str, Any]) -> list[str]:
    return [w["code"] for w in answer["warnings"]]


def test_fentanyl_12_patch_is_30_mg_not_28_8() -> None:
    answer = ome({"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 12}]})
    assert answer["total_ome_mg_per_day"] == 30


def test_fentanyl_12_patch_under_cdc_uses_the_delivered_12_5_micrograms() -> None:
    answer = ome(
        {
            "table": "cdc-2022",
            "items": [{"product": "Fentanyl 12micrograms/hour transdermal patches"}],
        }
    )
    assert answer["total_ome_mg_per_day"] == 30


def test_co_codamol_30_500_counts_only_the_30_mg_codeine() -> None:
    answer = ome(
        {
            "items": [
                {
                    "product": "Co-codamol 30mg/500mg tablets",
                    "units_per_dose": 2,
                    "times_per_day": 4,
                }
            ]
        }
    )
    assert answer["items"][0]["drug_mg_per_day"] == 240
    assert answer["total_ome_mg_per_day"] == 24


def test_co_dydramol_10_500_is_10_mg_dihydrocodeine() -> None:
    answer = ome(
        {
            "items": [
                {
                    "product": "Co-dydramol 10mg/500mg tablets",
                    "units_per_dose": 1,
                    "times_per_day": 1,
                }
            ]
        }
    )
    assert answer["total_ome_mg_per_day"] == 1


def test_two_patches_worn_together_add_up() -> None:
    answer = ome(
        {
            "items": [
                {"product": "Fentanyl 25micrograms/hour transdermal patches"},
                {"product": "Fentanyl 12micrograms/hour transdermal patches"},
            ]
        }
    )
    assert answer["total_ome_mg_per_day"] == 90
    combined = ome({"items": [{"drug": "fentanyl", "route": "transdermal", "mcg_per_hour": 37}]})
    assert combined["total_ome_mg_per_day"] == 90


def test_two_of_the_same_patch_product_add_up() -> None:
    answer = ome(
        {
            "items": [
                {
                    "product": "Buprenorphine 10micrograms/hour seven day transdermal patches",
                    "units_per_dose": 2,
                }
            ]
        }
    )
    assert answer["total_ome_mg_per_day"] == 48


def test_as_needed_doses_count_at_the_average_taken() -> None:
    answer = ome(
        {
            "items": [
                {
                    "drug": "oxycodone",
                    "route": "oral",
                    "dose_mg": 5,
                    "times_per_day": 1.5,
                    "as_needed": True,
                }
            ]
        }
    )
    assert answer["total_ome_mg_per_day"] == 11.25
    assert "as-needed-use" in codes(answer)


def test_oxycodone_40_mg_twice_daily_is_120_and_flags_high_dose() -> None:
    answer = ome(
        {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]}
    )
    assert answer["total_ome_mg_per_day"] == 120
    assert "high-dose" in codes(answer) and "naloxone" in codes(answer)


def test_high_dose_threshold_is_a_parameter() -> None:
    request = {"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 100}]}
    assert "high-dose" not in codes(ome(request))
    assert "high-dose" in codes(ome(request, threshold=90))


def test_just_below_threshold_has_no_high_dose_warning() -> None:
    answer = ome({"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 119.9}]})
    assert "high-dose" not in codes(answer)


def test_above_300_mg_asks_for_specialist_review() -> None:
    at_300 = ome({"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 300}]})
    above = ome({"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 301}]})
    assert "specialist-review" not in codes(at_300)
    assert "specialist-review" in codes(above)


def test_naloxone_at_50_mg_but_not_below() -> None:
    assert "naloxone" in codes(
        ome({"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 50}]})
    )
    assert "naloxone" not in codes(
        ome({"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 49}]})
    )


def test_naloxone_when_a_benzodiazepine_or_gabapentinoid_is_co_prescribed() -> None:
    for sedative in ("benzodiazepine", "gabapentinoid"):
        answer = ome(
            {
                "co_prescribed": [sedative],
                "items": [{"drug": "codeine", "route": "oral", "mg_per_day": 60}],
            }
        )
        assert "naloxone" in codes(answer)
        assert sedative in answer["warnings"][codes(answer).index("naloxone")]["message"]


def test_more_than_one_opioid_drug_is_flagged() -> None:
    answer = ome(
        {
            "items": [
                {"drug": "morphine", "route": "oral", "mg_per_day": 20},
                {"drug": "codeine", "route": "oral", "mg_per_day": 60},
            ]
        }
    )
    assert "multiple-opioids" in codes(answer)
    same = ome(
        {
            "items": [
                {"drug": "morphine", "route": "oral", "mg_per_day": 20},
                {"drug": "morphine", "route": "oral", "mg_per_day": 10, "as_needed": True},
            ]
        }
    )
    assert "multiple-opioids" not in codes(same)


def test_methadone_is_not_calculable_under_opioids_aware_and_gives_no_total() -> None:
    answer = ome(
        {
            "items": [
                {"drug": "methadone", "route": "oral", "mg_per_day": 30},
                {"drug": "morphine", "route": "oral", "mg_per_day": 20},
            ]
        }
    )
    assert answer["calculable"] is False and answer["total_ome_mg_per_day"] is None
    assert answer["items"][0]["ome_mg_per_day"] is None
    assert answer["items"][1]["ome_mg_per_day"] == 20
    assert "specialist" in answer["warnings"][0]["message"]


def test_cdc_methadone_converts_at_4_7_with_a_caution() -> None:
    answer = ome(
        {"table": "cdc-2022", "items": [{"drug": "methadone", "route": "oral", "mg_per_day": 10}]}
    )
    assert answer["total_ome_mg_per_day"] == 47
    assert "conversion-caution" in codes(answer)


def test_diamorphine_injection_and_buccal_fentanyl_are_specialist_conversions() -> None:
    for item in (
        {"drug": "diamorphine", "route": "subcutaneous", "mg_per_day": 10},
        {
            "product": "Fentanyl 100microgram buccal tablets",
            "units_per_dose": 1,
            "times_per_day": 2,
        },
    ):
        answer = ome({"items": [item]})
        assert answer["total_ome_mg_per_day"] is None and "not-calculable" in codes(answer)


def test_buprenorphine_patch_is_not_calculable_under_cdc_with_a_clear_message() -> None:
    answer = ome(
        {
            "table": "cdc-2022",
            "items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 10}],
        }
    )
    assert answer["calculable"] is False
    assert "no conversion for buprenorphine" in answer["items"][0]["message"]


def test_anzca_buprenorphine_patch_is_2_per_microgram_hour() -> None:
    answer = ome(
        {
            "table": "anzca-2021",
            "items": [{"drug": "buprenorphine", "route": "transdermal", "mcg_per_hour": 20}],
        }
    )
    assert answer["total_ome_mg_per_day"] == 40


def test_high_dose_still_warned_when_another_item_is_not_calculable() -> None:
    answer = ome(
        {
            "items": [
                {"drug": "methadone", "route": "oral", "mg_per_day": 30},
                {"drug": "morphine", "route": "oral", "mg_per_day": 200},
            ]
        }
    )
    assert "high-dose" in codes(answer)
    assert "at least" in answer["warnings"][codes(answer).index("high-dose")]["message"]


def test_decimal_arithmetic_is_exact() -> None:
    answer = ome(
        {"items": [{"product": "Codeine 30mg tablets", "units_per_dose": 1, "times_per_day": 3}]}
    )
    assert answer["total_ome_mg_per_day"] == 9 and isinstance(answer["total_ome_mg_per_day"], int)


def test_response_names_the_table_source_and_factor() -> None:
    answer = ome({"items": [{"drug": "tramadol", "route": "oral", "mg_per_day": 400}]})
    assert answer["table"] == "opioids-aware-2020"
    assert answer["items"][0]["factor"] == 0.1 and "Opioids Aware" in answer["items"][0]["source"]


ORAL = st.fixed_dictionaries(
    {
        "drug": st.sampled_from(
            [
                "morphine",
                "oxycodone",
                "codeine",
                "tramadol",
                "tapentadol",
                "hydromorphone",
                "dihydrocodeine",
            ]
        ),
        "route": st.just("oral"),
        "dose_mg": st.decimals(min_value=D("0.5"), max_value=D(100), places=1).map(float),
        "times_per_day": st.integers(min_value=1, max_value=4),
    }
)
PATCH = st.fixed_dictionaries(
    {
        "product": st.sampled_from(
            [
                "Fentanyl 12micrograms/hour transdermal patches",
                "Fentanyl 75micrograms/hour transdermal patches",
                "Buprenorphine 5micrograms/hour seven day transdermal patches",
            ]
        ),
    }
)


@given(
    st.lists(st.one_of(ORAL, PATCH), min_size=1, max_size=10),
    st.sampled_from(["opioids-aware-2020", "cdc-2022", "anzca-2021"]),
)
def test_total_equals_the_sum_of_items_and_is_never_negative(
    items: list[dict[str, Any]], table: str
) -> None:
    answer = ome({"table": table, "items": items})
    values = [i["ome_mg_per_day"] for i in answer["items"]]
    assert all(v is None or v >= 0 for v in values)
    if answer["calculable"]:
        regimen = parse_ome_request({"table": table, "items": items})
        exact = calculate_ome(regimen, default_tables().get(table))  # type: ignore[arg-type]
        assert exact.total_ome_mg_per_day == sum(
            (r.ome_mg_per_day for r in exact.items if r.ome_mg_per_day is not None), D(0)
        )
    else:
        assert answer["total_ome_mg_per_day"] is None and None in values
