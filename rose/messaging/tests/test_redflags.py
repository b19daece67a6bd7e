"""Red-flag detection: figures on the labelled corpus, negation scope, every category reported."""

from __future__ import annotations

import itertools
import json

import pytest

from rose.messaging.redflags import normalise, red_flag_check
from rose.messaging.redflags.corpus.generate import build
from rose.messaging.redflags.detector import CATEGORY_LABELS, RULES, red_flag_scan
from rose.messaging.redflags.evaluate import CORPUS, FIRST_MEASURED, SPLITS, UNTUNED, evaluate, load_corpus
from rose.messaging.tests.redflag_cases import KNOWN_FALSE_ALARMS, KNOWN_MISSES, NOT_RED_FLAGS, RED_FLAGS
from rose.messaging.tests.redflag_cases import evaluate as evaluate_first_set

ISSUE_KINDS = {"overdose_counts", "overdose_drug_names", "overdose_containers", "overdose_worth", "patches",
               "others_took", "toxicity_relative", "self_harm", "suicide_dialect", "suicide_indirect",
               "suicide_negation_trap", "chest_pain", "vomiting"}
BENIGN_KINDS = {"odd", "cuts", "figures_of_speech", "pacing", "negated"}
HELD_OUT = tuple(split for split in SPLITS if split != "dev")
# Kinds written only into the later held-out sets (test10 onwards), with the benign look-alikes beside them.
LATER_KINDS = {"seizures", "allergic_reaction", "head_injury", "everyday_symptoms"}


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


def test_later_held_out_sets_cover_the_new_kinds_and_record_their_first_figures(corpus):
    for split in ("test10", "test11", "test12", "test13", "test14", "test15", "test16"):
        kinds = {row["group"] for row in corpus if row["split"] == split}
        assert kinds >= ISSUE_KINDS | BENIGN_KINDS | {"seizures", "allergic_reaction", "everyday_symptoms"}, split
        assert split in FIRST_MEASURED
    assert {row["group"] for row in corpus} >= LATER_KINDS
    assert sum(1 for row in corpus if row["split"] == "test10") >= 300
    assert all(sum(1 for row in corpus if row["split"] == split) >= 150 for split in FIRST_MEASURED
               if split != "test10")
    # every category the detector can raise is labelled for the nurse and asked for by some corpus text
    assert set(RULES) == set(CATEGORY_LABELS)
    assert {row["category"] for row in corpus if row["urgent"]} == set(RULES)


def test_split_is_by_phrasing_family_never_by_row(corpus):
    splits_of_family: dict[str, set[str]] = {}
    splits_of_text: dict[str, set[str]] = {}
    for row in corpus:
        splits_of_family.setdefault(row["family"], set()).add(row["split"])
        splits_of_text.setdefault(row["text"].lower(), set()).add(row["split"])
    assert all(len(splits) == 1 for splits in splits_of_family.values())
    assert all(len(splits) == 1 for splits in splits_of_text.values())


@pytest.mark.parametrize("split", ["dev", *(split for split in HELD_OUT if split != UNTUNED)])
def test_targets_met_on_each_set(figures, split):
    f = figures[split]
    assert f.urgent.rate >= 0.95, f.misses
    assert f.explicit.rate >= 0.98, f.misses
    assert f.benign.rate <= 0.10, f.false_alarms


def test_the_untuned_set_scores_no_worse_than_when_it_was_written():
    """The newest set was never tuned on, so its figures are the unseen estimate; a change that loses any
    of them (on the texts as written, the same as FIRST_MEASURED) fails here, and the targets it met hold."""
    from rose.messaging.redflags.corpus import handwritten_late

    texts = getattr(handwritten_late, f"HANDWRITTEN_{UNTUNED.upper()}")
    urgent = [(text, explicit) for text, category, _, explicit in texts if not category.startswith("benign")]
    benign = [text for text, category, _, _ in texts if category.startswith("benign")]
    caught = sum(red_flag_scan(text).urgent for text, _ in urgent)
    caught_explicit = sum(red_flag_scan(text).urgent for text, explicit in urgent if explicit)
    alarms = sum(red_flag_scan(text).urgent for text in benign)
    (first_caught, total), (first_explicit, explicit_total), (first_alarms, benign_total) = (
        FIRST_MEASURED[UNTUNED]["first"])
    assert (len(urgent), sum(explicit for _, explicit in urgent), len(benign)) == (total, explicit_total,
                                                                                 benign_total)
    assert caught >= first_caught and caught_explicit >= first_explicit and alarms <= first_alarms
    assert caught / total >= 0.95 and alarms / benign_total <= 0.10
    assert SPLITS[-1] == UNTUNED


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


# --- general mechanisms, each checked across a word class rather than one sentence -----------------------

CONTAINERS = ["a bottle", "half a bottle", "a whole bottle", "two bottles", "a box", "a whole packet", "a pack"]
INTAKE_VERBS = ["had", "drank", "necked", "finished", "went through", "ate"]


@pytest.mark.parametrize("drink_or_food", ["wine", "red", "prosecco", "beer", "cider", "water", "lucozade", "coke",
                                           "biscuits", "crisps", "tissues", "chocolates"])
def test_a_container_of_something_that_is_not_a_medicine_is_not_an_overdose(drink_or_food):
    for verb, container in itertools.product(INTAKE_VERBS, CONTAINERS):
        text = f"{verb} {container} of {drink_or_food} last night"
        assert red_flag_scan(text).urgent is False, text


@pytest.mark.parametrize("medicine", ["oramorph", "tramadol", "co-codamol", "morphine", "codeine", "pills",
                                      "my tablets", "oxycodone"])
def test_the_same_containers_of_a_medicine_are_an_overdose(medicine):
    for verb, container in itertools.product(["had", "drank", "necked", "went through"], ["a whole bottle",
                                                                                          "a whole packet", "2 boxes"]):
        text = f"{verb} {container} of {medicine} last night"
        assert "overdose" in red_flag_scan(text).categories, text


@pytest.mark.parametrize(("subject", "reflexive", "possessive"), [
    ("he", "himself", "his"), ("she", "herself", "her"), ("they", "themselves", "their"), ("i", "myself", "my")])
def test_suicide_and_self_harm_are_recognised_for_a_relative_as_well_as_the_patient(subject, reflexive, possessive):
    for text, category in [
        (f"{subject} says {subject} is going to kill {reflexive}", "suicide"),
        (f"{subject} wants to end {possessive} life", "suicide"),
        (f"{subject} has cut {possessive} arms", "self_harm"),
        (f"{subject} has been hurting {reflexive}", "self_harm"),
    ]:
        assert category in red_flag_scan(text).categories, text


@pytest.mark.parametrize("word", ["pausing", "swelling", "passing", "sweating", "pauses", "swollen"])
def test_spelling_correction_leaves_real_words_that_are_not_typing_slips(word):
    assert word in normalise(f"her breathing and {word}").split()


@pytest.mark.parametrize(("slip", "word"), [
    ("brearhing", "breathing"), ("unconcsious", "unconscious"), ("tablwts", "tablets"), ("suicudal", "suicidal"),
    ("overdosr", "overdose")])
def test_spelling_correction_folds_a_neighbouring_key_or_a_vowel_slip(slip, word):
    assert normalise(slip) == word


@pytest.mark.parametrize("cessation", ["ive stopped", "i quit"])
@pytest.mark.parametrize("act", ["cutting myself", "self harming", "hurting myself"])
def test_a_stopped_behaviour_is_over_but_not_stopping_it_is_a_red_flag(cessation, act):
    assert red_flag_scan(f"{cessation} {act} since the summer").urgent is False
    assert red_flag_scan(f"i havent stopped {act}").urgent is True
    assert red_flag_scan(f"i cant stop {act}").urgent is True


@pytest.mark.parametrize("cause", ["from my cold", "with this cough", "from a chest infection", "after lifting boxes",
                                   "since i pulled a muscle"])
def test_chest_tightness_put_down_to_an_everyday_cause_is_excused_but_cold_sweat_is_not(cause):
    assert red_flag_scan(f"chest feels a bit tight {cause}").urgent is False
    assert "chest_pain" in red_flag_scan(f"chest feels tight and im in a cold sweat, started {cause}").categories


@pytest.mark.parametrize(("text", "categories"), [
    ("my lips are swelling and i cant breathe", ["allergic_reaction", "breathing"]),
    ("he fell and hit his head and now wont wake up", ["head_injury", "unresponsive"]),
    ("took 20 tramadol and want to die", ["overdose", "suicide"]),
])
def test_every_category_in_a_text_is_reported_including_the_new_ones(text, categories):
    assert red_flag_scan(text).categories == categories


@pytest.mark.parametrize("name", ["spotcheck_lead.tsv", "spotcheck_lead2.tsv"])
def test_the_leads_spot_checks_score_no_worse_than_when_they_were_written(name):
    """Each spot check was scored once, before any change for it (evaluate.SPOT_CHECKS): the first at
    95.7% sensitivity (67/70), 100% explicit, 11.1% false alarms (4/36), then tuned on; the second, never
    tuned on, at 93.3% (56/60), 100% explicit (13/13), 0% false alarms (0/36). Losing any fails here."""
    from rose.messaging.redflags.evaluate import SPOT_CHECK_DIR, SPOT_CHECKS

    lines = (SPOT_CHECK_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line]
    urgent = [(text, explicit == "1") for flag, _, explicit, text in rows if flag == "1"]
    benign = [text for flag, _, _, text in rows if flag == "0"]
    caught = sum(red_flag_scan(text).urgent for text, _ in urgent)
    caught_explicit = sum(red_flag_scan(text).urgent for text, explicit in urgent if explicit)
    alarms = sum(red_flag_scan(text).urgent for text in benign)
    (first, total), (first_explicit, explicit_total), (first_alarms, benign_total) = SPOT_CHECKS[name]
    assert (len(urgent), sum(e for _, e in urgent), len(benign)) == (total, explicit_total, benign_total)
    assert caught >= first and caught_explicit >= first_explicit and alarms <= first_alarms


@pytest.mark.parametrize(("text", "expected"), [
    ("gonna take the lot 2nite", "tonight"),
    ("see u b4 group", "before"),
    ("took 2many", "too many"),
    ("2day was ok", "today"),
])
def test_word_map_keys_holding_a_digit_are_reached(text, expected):
    # Letters and digits are split apart ("2strips" -> "2 strips"); keys such as "2nite" are looked up first.
    assert expected in normalise(text).split(" ") or expected in normalise(text)


def test_digits_beside_letters_are_still_split():
    assert normalise("took 2strips") == "took 2 strips"
