"""Scoring of every built-in instrument against hand-worked examples, including missing items."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from rose.outcomes import instruments as defs

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example_wellbeing.json"


def phq(values):
    return {f"q{i + 1}": v for i, v in enumerate(values)}


@pytest.mark.parametrize("code", defs.BUILTIN_CODES)
def test_every_builtin_definition_is_valid_and_cited(code):
    definition = defs.validate_definition(defs.load_builtin(code))
    assert definition["citation"] and definition["licence"] and definition["version"]


def test_sci_carries_its_cc_by_nc_attribution():
    sci = defs.load_builtin("sci")
    assert "CC BY-NC" in sci["licence"] and "Espie" in sci["attribution"]


def test_peg_is_the_mean_of_three_items():
    # (7 + 6 + 5) / 3 = 6.00
    result = defs.score(defs.load_builtin("peg"), {"p": 7, "e": 6, "g": 5})
    assert result.total.value == Decimal("6.00")
    # (8 + 7 + 7) / 3 = 7.333 -> 7.33
    assert defs.score(defs.load_builtin("peg"), {"p": 8, "e": 7, "g": 7}).total.value == Decimal("7.33")


def test_peg_with_a_missing_item_is_not_scored_and_says_why():
    result = defs.score(defs.load_builtin("peg"), {"p": 7, "e": None, "g": 5})
    assert result.total.value is None
    assert "1 of 3 questions unanswered" in result.total.reason


def test_phq9_sum_and_band():
    # 3+3+2+2+2+2+2+2+2 = 20 -> severe, and the team alert fires
    result = defs.score(defs.load_builtin("phq9"), phq([3, 3, 2, 2, 2, 2, 2, 2, 2]))
    assert result.total.value == Decimal(20) and result.total.band == "Severe"
    assert {a["code"] for a in result.alerts} == {"phq9_item9", "phq9_severe"}


@pytest.mark.parametrize(("values", "band"), [
    ([0] * 9, "Minimal"), ([1, 1, 1, 1, 1, 0, 0, 0, 0], "Mild"), ([2, 2, 2, 2, 2, 0, 0, 0, 0], "Moderate"),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], "Moderately severe"), ([3] * 9, "Severe")])
def test_phq9_bands_at_their_edges(values, band):
    assert defs.score(defs.load_builtin("phq9"), phq(values)).total.band == band


def test_phq9_prorates_up_to_two_missing_items():
    # 7 answered, sum 10 -> 10 * 9 / 7 = 12.857 -> 13 (round half up)
    answers = phq([2, 2, 2, 1, 1, 1, 1, None, None])
    result = defs.score(defs.load_builtin("phq9"), answers)
    assert result.total.value == Decimal(13) and result.total.prorated


def test_phq9_with_three_missing_items_is_not_scored():
    result = defs.score(defs.load_builtin("phq9"), phq([2, 2, 2, 1, 1, 1, None, None, None]))
    assert result.total.value is None and "at most 2 may be missing" in result.total.reason


def test_phq9_item9_alert_fires_on_the_item_even_without_a_total():
    result = defs.score(defs.load_builtin("phq9"), {"q9": 1})
    assert result.total.value is None
    assert [a["code"] for a in result.alerts] == ["phq9_item9"]
    assert defs.score(defs.load_builtin("phq9"), {"q9": 0}).alerts == []


def test_gad7_sum_band_and_alert_at_15():
    result = defs.score(defs.load_builtin("gad7"), {f"q{i}": v for i, v in enumerate([3, 2, 2, 2, 2, 2, 2], 1)})
    assert result.total.value == Decimal(15) and result.total.band == "Severe"
    assert [a["code"] for a in result.alerts] == ["gad7_severe"]
    fourteen = defs.score(defs.load_builtin("gad7"), {f"q{i}": v for i, v in enumerate([2] * 7, 1)})
    assert fourteen.total.value == Decimal(14) and fourteen.alerts == []


def test_gad7_prorates_one_missing_item_only():
    # 6 answered, sum 9 -> 9 * 7 / 6 = 10.5 -> 11
    one = defs.score(defs.load_builtin("gad7"), {f"q{i}": v for i, v in enumerate([2, 2, 2, 1, 1, 1, None], 1)})
    assert one.total.value == Decimal(11)
    two = defs.score(defs.load_builtin("gad7"), {f"q{i}": v for i, v in enumerate([2, 2, 2, 1, 1, None, None], 1)})
    assert two.total.value is None


def test_pgic_score_is_the_answer():
    result = defs.score(defs.load_builtin("pgic"), {"change": 6})
    assert result.total.value == Decimal(6) and result.total.band == "Meaningful improvement"


def test_fft_positive_negative_and_dont_know():
    fft = defs.load_builtin("fft")
    assert defs.score(fft, {"experience": 2, "why": "kind staff"}).total.value == Decimal(1)
    assert defs.score(fft, {"experience": 4}).total.value == Decimal(0)
    dont_know = defs.score(fft, {"experience": 6})
    assert dont_know.total.value is None and "don't know" in dont_know.total.reason


def test_sci_sum_and_probable_insomnia_band():
    # 2+1+0+1+2+2+1+0 = 9 -> probable insomnia
    result = defs.score(defs.load_builtin("sci"), {f"q{i}": v for i, v in enumerate([2, 1, 0, 1, 2, 2, 1, 0], 1)})
    assert result.total.value == Decimal(9) and result.total.band == "Probable insomnia disorder"
    best = defs.score(defs.load_builtin("sci"), {f"q{i}": 4 for i in range(1, 9)})
    assert best.total.value == Decimal(32) and best.total.band == "Insomnia disorder unlikely"


def test_sci_requires_every_item():
    result = defs.score(defs.load_builtin("sci"), {f"q{i}": 4 for i in range(1, 8)})
    assert result.total.value is None


def test_out_of_range_values_are_treated_as_missing_by_the_scorer():
    result = defs.score(defs.load_builtin("peg"), {"p": 11, "e": 5, "g": 5})
    assert result.total.value is None


def test_example_instrument_reverse_items_and_subscales():
    example = defs.validate_definition(json.loads(EXAMPLE.read_text()))
    # worried is reversed: 3 -> 0. total = 2 + 0 + 1 + 3 = 6; mood mean (2+0)/2 = 1.00; activity (1+3)/2 = 2.00
    result = defs.score(example, {"calm": 2, "worried": 3, "walk": 1, "outdoors": 3})
    assert result.total.value == Decimal(6) and result.total.band == "High"
    subs = {s.code: s.value for s in result.subscales}
    assert subs == {"mood": Decimal("1.00"), "activity": Decimal("2.00")}
    # activity allows one missing item (mean of the rest); mood allows none
    partial = defs.score(example, {"calm": 2, "walk": 1})
    subs = {s.code: s.value for s in partial.subscales}
    assert subs == {"mood": None, "activity": Decimal("1.00")}
    assert partial.total.value is None  # two of four missing, at most one allowed


@pytest.mark.parametrize(("definition", "message"), [
    ([], "one JSON object"),
    ({"code": "x"}, "Missing 'name'"),
    ({"code": "Bad Code", "name": "n", "version": "1", "citation": "c", "licence": "l",
      "items": [{"code": "a", "text": "t", "options": [{"value": 0, "label": "a"}, {"value": 1, "label": "b"}]}],
      "scoring": {"method": "sum", "items": ["a"]}}, "lower-case"),
    ({"code": "x", "name": "n", "version": "1", "citation": "c", "licence": "l",
      "items": [{"code": "a", "text": "t", "options": [{"value": 0, "label": "a"}, {"value": 0, "label": "b"}]}],
      "scoring": {"method": "sum", "items": ["a", "zz"]}}, "unknown: zz"),
    ({"code": "x", "name": "n", "version": "1", "citation": "c", "licence": "l",
      "items": [{"code": "a", "text": "t", "options": [{"value": "x", "label": "a"}, {"value": 0, "label": "b"}]}],
      "scoring": {"method": "median", "items": ["a"]}}, "method must be"),
])
def test_bad_definitions_are_refused_with_reasons(definition, message):
    with pytest.raises(defs.DefinitionError) as exc:
        defs.validate_definition(definition)
    assert message in str(exc.value)
