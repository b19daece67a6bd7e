"""Red-flag detection: figures on the labelled corpus, negation scope, every category reported."""

from __future__ import annotations

import json

import pytest

from rose.messaging.redflags import normalise, red_flag_check
from rose.messaging.redflags.corpus.generate import build
from rose.messaging.redflags.detector import red_flag_scan
from rose.messaging.redflags.evaluate import CORPUS, evaluate, load_corpus
from rose.messaging.tests.redflag_cases import KNOWN_FALSE_ALARMS, KNOWN_MISSES, NOT_RED_FLAGS, RED_FLAGS
from rose.messaging.tests.redflag_cases import evaluate as evaluate_first_set

ISSUE_KINDS = {"overdose_counts", "overdose_drug_names", "overdose_containers", "overdose_worth", "patches",
               "others_took", "toxicity_relative", "self_harm", "suicide_dialect", "suicide_indirect",
               "suicide_negation_trap", "chest_pain", "vomiting"}
BENIGN_KINDS = {"odd", "cuts", "figures_of_speech", "pacing", "negated"}
HELD_OUT = ("test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def figures(corpus):
    return evaluate(corpus)


def test_committed_corpus_is_what_the_generator_writes(corpus):
    assert corpus == json.loads(json.dumps(build()))
    assert CORPUS.exists()


def test_corpus_has_1500_texts_over_every_kind_named_in_the_issue(corpus):
    assert len(corpus) >= 1500
    urgent_kinds = {row["group"] for row in corpus if row["urgent"]}
    benign_kinds = {row["group"] for row in corpus if not row["urgent"]}
    assert urgent_kinds >= ISSUE_KINDS
    assert benign_kinds >= BENIGN_KINDS
    dev_kinds = {row["group"] for row in corpus if row["split"] == "dev"}
    held_kinds = {row["group"] for row in corpus if row["split"] in HELD_OUT}
    assert dev_kinds & held_kinds >= ISSUE_KINDS | BENIGN_KINDS


def test_split_is_by_phrasing_family_never_by_row(corpus):
    splits_of_family: dict[str, set[str]] = {}
    splits_of_text: dict[str, set[str]] = {}
    for row in corpus:
        splits_of_family.setdefault(row["family"], set()).add(row["split"])
        splits_of_text.setdefault(row["text"].lower(), set()).add(row["split"])
    assert all(len(splits) == 1 for splits in splits_of_family.values())
    assert all(len(splits) == 1 for splits in splits_of_text.values())


@pytest.mark.parametrize("split", ["dev", *HELD_OUT])
def test_targets_met_on_each_set(figures, split):
    f = figures[split]
    assert f.urgent.rate >= 0.95, f.misses
    assert f.explicit.rate >= 0.98, f.misses
    assert f.benign.rate <= 0.10, f.false_alarms


def test_first_phrasing_set_has_no_misses_or_false_alarms():
    misses, false_alarms = evaluate_first_set()
    assert {text for _, text in misses} == KNOWN_MISSES
    assert set(false_alarms) == KNOWN_FALSE_ALARMS
    assert len(RED_FLAGS) + len(NOT_RED_FLAGS) >= 200


@pytest.mark.parametrize(("text", "flagged"), [
    ("not suicidal", False), ("I'm not going to kill myself", False), ("no chest pain", False),
    ("No, I have chest pain", True), ("not suicidal but I took all my tablets", True),
    ("I don't want to live", True), ("he's not breathing", True), ("im not ok i want to die", True),
    ("not good and i want to die", True), ("i dont want to die", False), ("never had thoughts of suicide", False),
    ("I haven't taken too many, I checked", False), ("not sure if i took too many", True),
    ("no i havent overdosed", False), ("i would never hurt myself", False),
])
def test_negation_scope_ends_at_but_and_and_a_new_clause(text, flagged):
    assert red_flag_scan(text).urgent is flagged


@pytest.mark.parametrize("text", [
    "I feel a bit odd today", "cut my finger chopping onions", "I cut myself shaving", "nearly gave me a heart attack",
    "dying to see the new leaflet", "gasping for a cup of tea", "my back is killing me", "I overdid it in the garden",
    "can I take an extra paracetamol", "I have a collapsed disc", "took 2 tablets this morning",
    "I took 30 minutes to walk there and then rested", "collected 56 tablets from the pharmacy",
])
def test_benign_look_alikes_are_not_flagged(text):
    assert red_flag_scan(text).urgent is False


def test_every_category_is_reported_in_the_order_written():
    result = red_flag_scan("extra tablets and can't breathe")
    assert result.categories == ["extra_doses", "breathing"]
    assert result.matched == ["extra tablets", "cant breathe"]
    assert result.as_dict() == {"urgent": True, "categories": ["extra_doses", "breathing"],
                                "matched": ["extra tablets", "cant breathe"]}
    assert red_flag_check("extra tablets and can't breathe").rule == "extra_doses"


@pytest.mark.parametrize(("text", "category"), [
    ("took 30 cocodamol", "overdose"), ("swallowed 2 strips of tramadol", "overdose"),
    ("took a weeks worth of my meds", "overdose"), ("i chewed my fentanyl patch", "overdose"),
    ("my toddler has eaten some of my tablets", "overdose"), ("his lips have gone blue", "breathing"),
    ("cant wake my husband up", "unresponsive"), ("sh again last night", "self_harm"),
    ("gonna kill meself", "suicide"), ("kms", "suicide"), ("ive written letters to my kids", "suicide"),
    ("chest pain going down my left arm", "chest_pain"), ("cant keep any water down", "vomiting"),
])
def test_each_kind_raises_its_category(text, category):
    assert category in red_flag_scan(text).categories


def test_normalise_folds_spelling_dialect_and_text_speak():
    assert normalise("I CAN'T breeeathe!!!") == "i cant breathe!!!"
    assert normalise("cannot") == "cant"
    assert normalise("gonna kill meself") == "going to kill myself"
    assert normalise("want 2 die") == "want to die"
    assert normalise("feeling sucidal") == "feeling suicidal"
    assert normalise("I OD'd") == "i oded"
    assert normalise("odd") == "odd"
