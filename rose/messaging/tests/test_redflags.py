"""Red-flag detection on the labelled test set (at least 200 phrasings), misspellings and negations."""

from __future__ import annotations

import pytest

from rose.messaging.redflags import normalise, red_flag_check
from rose.messaging.tests.redflag_cases import KNOWN_FALSE_ALARMS, KNOWN_MISSES, NOT_RED_FLAGS, RED_FLAGS, evaluate


def test_test_set_has_at_least_200_phrasings():
    assert len(RED_FLAGS) + len(NOT_RED_FLAGS) >= 200
    assert len({text for _, text in RED_FLAGS} & set(NOT_RED_FLAGS)) == 0


def test_misses_and_false_alarms_are_exactly_the_known_ones():
    misses, false_alarms = evaluate()
    assert {text for _, text in misses} == KNOWN_MISSES
    assert set(false_alarms) == KNOWN_FALSE_ALARMS


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, t in RED_FLAGS if t not in KNOWN_MISSES])
def test_each_red_flag_phrasing_is_caught_under_its_own_rule(rule, text):
    flag = red_flag_check(text)
    assert flag is not None
    assert flag.rule == rule or (rule in {"extra_doses", "overdose"} and flag.rule in {"extra_doses", "overdose"})


@pytest.mark.parametrize(("text", "flagged"), [
    ("not suicidal", False), ("I'm not going to kill myself", False), ("no chest pain", False),
    ("No, I have chest pain", True), ("not suicidal but I took all my tablets", True),
    ("I don't want to live", True), ("he's not breathing", True),
    ("never had chest pain but now I do, chest pain", True),
])
def test_negations(text, flagged):
    assert (red_flag_check(text) is not None) is flagged


def test_normalise_folds_spelling_variants():
    assert normalise("I CAN'T breeeathe!!!") == "i cant breeathe!!!"
    assert normalise("cannot") == "cant"
