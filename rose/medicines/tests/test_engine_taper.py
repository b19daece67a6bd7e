"""Taper planner: the VA published example, rules, and properties over random regimens."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rose.medicines.engine import (
    default_formulary,
    default_tables,
    parse_taper_request,
    plan_taper,
    taper_response,
)
from rose.medicines.engine.ome import item_ome
from rose.medicines.engine.types import RegimenItem, TaperPlan

D = Decimal
MR15, MR30 = "Morphine 15mg modified-release tablets", "Morphine 30mg modified-release tablets"


def plan(request: dict[str, Any]) -> TaperPlan:
    return plan_taper(parse_taper_request(request))


def answer(request: dict[str, Any]) -> dict[str, Any]:
    return taper_response(plan(request))


def doses(step: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    by_time: dict[str, list[tuple[str, float]]] = {}
    for adm in step["administrations"]:
        by_time.setdefault(adm["time"], []).append((adm["product"], adm["units"]))
    return by_time


def codes(result: dict[str, Any]) -> list[str]:
    return [w["code"] for w in result["warnings"]]


VA_REQUEST = {
    "regimen": {"items": [{"product": MR30, "units_per_dose": 3, "times_per_day": 3}]},
    "start_date": "2026-01-05",
    "strategy": {
        "type": "custom",
        "targets_mg_per_day": [225, 180, 135, 90, 45],
        "interval_days": 7,
        "allow_larger_steps": True,
    },
    "use_products": [MR15, MR30],
}


def test_va_faster_example_is_reproduced_with_15_and_30_mg_tablets() -> None:
    result = answer(VA_REQUEST)
    omes = [s["ome_mg_per_day"] for s in result["steps"]]
    assert omes == [225, 180, 135, 90, 45, 30, 15, 0]
    per_time = [sorted({t for t in doses(s)}) for s in result["steps"]]
    assert per_time[:5] == [["08:00", "14:00", "22:00"]] * 5
    assert per_time[5] == ["08:00", "22:00"] and per_time[6] == ["22:00"] and per_time[7] == []
    assert [s["days"] for s in result["steps"][:7]] == [7] * 7
    assert result["steps"][0]["start_date"] == "2026-01-05"
    assert doses(result["steps"][3])["14:00"] == [(MR30, 1)]


def test_va_example_warns_about_large_steps_when_they_are_allowed() -> None:
    result = answer(
        dict(VA_REQUEST, strategy=dict(VA_REQUEST["strategy"], allow_larger_steps=False))
    )
    assert "step-exceeds-maximum" in codes(result)
    omes = [s["ome_mg_per_day"] for s in result["steps"]]
    assert all(b >= a * 0.75 or b in (30, 15, 0) for a, b in itertools.pairwise(omes))


def test_steps_are_never_bigger_than_25_percent_unless_strengths_force_it() -> None:
    result = answer(
        {
            "regimen": {"items": [{"product": MR30, "units_per_dose": 2, "times_per_day": 2}]},
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-current", "percent": 50, "interval_days": 14},
        }
    )
    omes = [D(str(s["ome_mg_per_day"])) for s in result["steps"]]
    starts = [D(120), *omes]
    for before, after, step in zip(starts, omes, result["steps"], strict=False):
        if after < before * D("0.75"):
            assert f"Step {step['step']}:" in " ".join(w["message"] for w in result["warnings"])


def test_uneven_split_puts_the_larger_dose_in_the_evening() -> None:
    result = answer(
        {
            "regimen": {"items": [{"product": MR30, "units_per_dose": 1, "times_per_day": 2}]},
            "start_date": "2026-01-05",
            "use_products": [MR15, MR30],
            "strategy": {"type": "custom", "targets_mg_per_day": [45], "interval_days": 14},
        }
    )
    first = doses(result["steps"][0])
    assert first["08:00"] == [(MR15, 1)] and first["20:00"] == [(MR30, 1)]


def test_smallest_strength_drops_one_dosing_time_then_stops() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine 5mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                    }
                ]
            },
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    # 10 -> 5 mg is a 50% cut where 10% of the original a fortnight was chosen: the starting
    # dose is held until the schedule is within a quarter of it (target 6 mg, day 42).
    assert [s["ome_mg_per_day"] for s in result["steps"]] == [10, 5, 0]
    assert result["steps"][0]["days"] == 42
    assert list(doses(result["steps"][1])) == ["20:00"]
    assert "Tolerance is lost" in result["steps"][-1]["note"]


def test_dosing_times_are_kept_until_a_smaller_dose_cannot_be_given_at_every_time() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Co-codamol 30mg/500mg tablets",
                        "units_per_dose": 2,
                        "times_per_day": 4,
                    }
                ]
            },
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    counts = [len(doses(s)) for s in result["steps"]]
    assert counts == sorted(counts, reverse=True)
    smallest = "Co-codamol 8mg/500mg tablets"
    four_time_steps = [s for s in result["steps"] if len(doses(s)) == 4]
    assert all(p == smallest and u == 1 for p, u in doses(four_time_steps[-1])["08:00"])
    assert all(len(doses(s)) == 4 for s in result["steps"][:5])


def test_holds_extend_the_step_at_the_same_dose() -> None:
    base = {
        "regimen": {"items": [{"product": MR30, "units_per_dose": 2, "times_per_day": 2}]},
        "start_date": "2026-01-05",
        "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
    }
    plain, held = answer(base), answer(dict(base, holds=[{"after_step": 3, "days": 14}]))
    assert held["steps"][2]["days"] == plain["steps"][2]["days"] + 14
    assert [s["ome_mg_per_day"] for s in held["steps"]] == [
        s["ome_mg_per_day"] for s in plain["steps"]
    ]


def test_a_hold_beyond_the_plan_is_reported_not_ignored_silently() -> None:
    result = answer(dict(VA_REQUEST, holds=[{"after_step": 99, "days": 7}]))
    assert "hold-not-applied" in codes(result)


def test_two_phase_slows_down_below_the_fraction() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {
                        "drug": "morphine",
                        "route": "oral",
                        "dose_mg": 50,
                        "times_per_day": 2,
                        "release": "modified",
                    }
                ]
            },
            "start_date": "2026-01-05",
            "strategy": {
                "type": "two-phase",
                "percent": 10,
                "interval_days": 14,
                "slow_below_fraction": 0.34,
                "slow_percent": 5,
                "slow_interval_days": 28,
            },
        }
    )
    steps = result["steps"]
    fast = [s for s in steps if s["target_ome_mg_per_day"] > 34]
    below = [s for s in steps[:-1] if s["target_ome_mg_per_day"] <= 34]
    # The step that first reaches the fraction is the last fast one; the rest are slow.
    assert below[0]["days"] == 14 and all(s["days"] >= 28 for s in below[1:])
    assert all(s["days"] == 14 for s in fast) and len(below) > 1


def test_consolidation_converts_to_one_product_with_cross_tolerance_reduction() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Oxycodone 20mg modified-release tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                    },
                    {
                        "product": "Co-codamol 30mg/500mg tablets",
                        "units_per_dose": 2,
                        "times_per_day": 4,
                    },
                ]
            },
            "start_date": "2026-01-05",
            "consolidate": {"product": MR30, "cross_tolerance_reduction_percent": 25},
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    first = result["steps"][0]
    assert first["target_ome_mg_per_day"] == 63  # (60 + 24) x 0.75
    assert first["ome_mg_per_day"] <= 63
    assert {a["product"] for a in first["administrations"]} <= {
        p.name for p in default_formulary().products if p.drug == "morphine"
    }
    assert "prescriber-review" in codes(result)


def test_multiple_opioids_reduce_as_needed_items_first() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {"product": MR30, "units_per_dose": 1, "times_per_day": 2},
                    {
                        "product": "Morphine sulfate 10mg tablets",
                        "units_per_dose": 1,
                        "times_per_day": 2,
                        "as_needed": True,
                    },
                ]
            },
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    first = result["steps"][0]
    assert sum(u for p, u in doses(first)["08:00"] if p == MR30) == 1
    assert first["ome_mg_per_day"] < 80


def test_patch_supply_is_counted_by_wear_time() -> None:
    result = answer(
        {
            "regimen": {"items": [{"product": "Fentanyl 50micrograms/hour transdermal patches"}]},
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 25, "interval_days": 12},
        }
    )
    first = result["steps"][0]
    assert first["ome_mg_per_day"] == 90  # 25 + 12 micrograms/hour patches
    assert {s["quantity"] for s in first["supply"]} == {4}  # 12 days / 72 hours


def test_oral_solution_is_rounded_to_2_5_ml_measures() -> None:
    result = answer(
        {
            "regimen": {
                "items": [
                    {
                        "product": "Morphine sulfate 10mg/5ml oral solution",
                        "units_per_dose": 10,
                        "times_per_day": 2,
                    }
                ]
            },
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-current", "percent": 10, "interval_days": 7},
        }
    )
    for step in result["steps"]:
        assert all(D(str(a["units"])) % D("2.5") == 0 for a in step["administrations"])


def test_drug_only_items_are_planned_with_an_assumed_product_and_a_warning() -> None:
    result = answer(
        {
            "regimen": {
                "items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 20, "times_per_day": 2}]
            },
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert "product-assumed" in codes(result)
    products = {a["product"] for s in result["steps"] for a in s["administrations"]}
    assert products and all("modified-release tablets" in p for p in products)


def test_a_regimen_that_is_not_calculable_gives_no_steps_and_says_why() -> None:
    result = answer(
        {
            "regimen": {"items": [{"drug": "methadone", "route": "oral", "mg_per_day": 30}]},
            "start_date": "2026-01-05",
            "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14},
        }
    )
    assert result["steps"] == [] and "not-calculable" in codes(result)


PRODUCTS = [
    ("Morphine 30mg modified-release tablets", 2),
    ("Morphine 60mg modified-release tablets", 3),
    ("Oxycodone 40mg modified-release tablets", 2),
    ("Co-codamol 30mg/500mg tablets", 2),
    ("Tramadol 200mg modified-release tablets", 1),
    ("Tapentadol 100mg modified-release tablets", 2),
    ("Morphine sulfate 20mg tablets", 2),
    ("Morphine sulfate 10mg/5ml oral solution", 10),
    ("Hydromorphone 8mg modified-release capsules", 1),
    ("Codeine 60mg tablets", 1),
    ("Dihydrocodeine 120mg modified-release tablets", 1),
    ("Buprenorphine 2mg sublingual tablets", 1),
]
PATCHES = [
    "Fentanyl 100micrograms/hour transdermal patches",
    "Buprenorphine 20micrograms/hour seven day transdermal patches",
    "Buprenorphine 70micrograms/hour transdermal patches",
]
ORAL_ITEM = st.builds(
    lambda p, times, prn: {
        "product": p[0],
        "units_per_dose": p[1],
        "times_per_day": times,
        "as_needed": prn,
    },
    st.sampled_from(PRODUCTS),
    st.integers(min_value=1, max_value=4),
    st.booleans(),
)
PATCH_ITEM = st.builds(
    lambda p, n: {"product": p, "units_per_dose": n},
    st.sampled_from(PATCHES),
    st.integers(min_value=1, max_value=2),
)
STRATEGY = st.one_of(
    st.builds(
        lambda kind, pct, days, allow: {
            "type": kind,
            "percent": pct,
            "interval_days": days,
            "allow_larger_steps": allow,
        },
        st.sampled_from(["percent-of-original", "percent-of-current"]),
        st.integers(min_value=5, max_value=50),
        st.integers(min_value=1, max_value=28),
        st.booleans(),
    ),
    st.builds(
        lambda targets: {
            "type": "custom",
            "interval_days": 7,
            "targets_mg_per_day": sorted(targets, reverse=True),
        },
        st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=6),
    ),
    st.just(
        {
            "type": "two-phase",
            "percent": 10,
            "interval_days": 14,
            "slow_below_fraction": 0.34,
            "slow_percent": 5,
            "slow_interval_days": 28,
        }
    ),
)


def reproduced_ome(step: Any) -> Decimal:
    """Recompute a step's OME from its administrations alone."""
    table = default_tables().get("opioids-aware-2020")
    assert table is not None
    total = D(0)
    for adm in step.administrations:
        product = adm.product
        if product.is_patch:
            single = RegimenItem(drug=product.drug, route=product.route, patches=(product,))
            total += item_ome(single, table).ome_mg_per_day or D(0)
        else:
            row = table.row(product.drug, product.route)
            assert row is not None and row.factor is not None
            total += adm.units * (product.strength_mg or D(0)) * row.factor
    return total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(ORAL_ITEM, PATCH_ITEM), min_size=1, max_size=3),
    STRATEGY,
    st.lists(
        st.builds(
            lambda s, d: {"after_step": s, "days": d},
            st.integers(min_value=1, max_value=8),
            st.integers(min_value=1, max_value=30),
        ),
        max_size=2,
    ),
)
def test_plans_never_increase_end_at_zero_without_gaps_and_use_real_strengths(
    items: list[dict[str, Any]], strategy: dict[str, Any], holds: list[dict[str, Any]]
) -> None:
    request = {
        "regimen": {"items": items},
        "start_date": "2026-03-01",
        "strategy": strategy,
        "holds": holds,
    }
    result = plan(request)
    steps = result.steps
    assert steps and steps[0].start_date == dt.date(2026, 3, 1)
    assert steps[-1].ome_mg_per_day == 0 and steps[-1].administrations == ()
    previous = result.starting_ome_mg_per_day
    assert previous is not None
    for before, step in zip((None, *steps), steps, strict=False):
        assert step.ome_mg_per_day <= previous and step.ome_mg_per_day >= 0
        assert reproduced_ome(step) == step.ome_mg_per_day
        if before is not None:
            assert step.start_date == before.end_date + dt.timedelta(days=1)
            assert step.ome_mg_per_day < before.ome_mg_per_day
            # A dosing time, once dropped, never comes back.
            assert {a.time for a in step.administrations} <= {
                a.time for a in before.administrations
            }
        assert step.end_date >= step.start_date
        previous = step.ome_mg_per_day
    taper_response(result)  # serialisable without error
