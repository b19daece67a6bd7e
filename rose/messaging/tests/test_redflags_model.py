"""The text classifier beside the red-flag rules (an experiment, not wired in): deterministic training,
pure-Python scoring equal to scikit-learn's, clear texts per category caught, clear benign texts not."""

from __future__ import annotations

import pytest

from rose.messaging.redflags import model
from rose.messaging.redflags.detector import red_flag_scan

CLEAR = {
    "overdose": "i took the whole packet of my tramadol an hour ago",
    "extra_doses": "had 6 doses of oramorph since dinner the pain is that bad",
    "breathing": "my husband is breathing really slow and his lips look blue",
    "unresponsive": "my mum wont wake up and isnt responding at all",
    "self_harm": "i cut myself again last night on purpose",
    "suicide": "i want to end my life i cant do this anymore",
    "chest_pain": "crushing pain in my chest going down my left arm",
    "vomiting": "been sick all day cant keep any water down",
}
BENIGN = [
    "thanks, the plan is going fine and the pain is ok",
    "can I move my appointment to Thursday please",
    "I cut my finger chopping onions, all fine",
    "that film was to die for",
    "took my usual 2 tablets this morning as normal",
]


@pytest.fixture(scope="module")
def examples():
    return model.load_examples()


@pytest.fixture(scope="module")
def fitted(examples):
    return model.fit(examples)


def test_training_is_deterministic(examples):
    part = examples[::4]
    first, second = model.fit(part), model.fit(part)
    assert first.urgent.coef_.tolist() == second.urgent.coef_.tolist()
    assert first.category.coef_.tolist() == second.category.coef_.tolist()
    assert first.features.vectorizers[0].vocabulary_ == second.features.vectorizers[0].vocabulary_


def test_corpus_loads_every_set(examples):
    sets = {e.set_name for e in examples}
    assert {"dev", "test16", "spotcheck_lead2", "spotcheck_s21_dev", "generated:dev"} <= sets
    assert all(e.category == model.BENIGN for e in examples if not e.urgent)


def test_ordinary_replies_train_but_the_held_back_ones_never_do(examples):
    """everyday_train.tsv (ordinary replies) is training data; everyday_test.tsv is only for measuring false alarms:
    load_examples skips it and fit refuses it."""
    assert sum(e.everyday for e in examples) >= 400
    assert all(not e.urgent and e.handwritten for e in examples if e.everyday)
    assert not any(e.set_name == model.EVERYDAY_TEST for e in examples)
    held_back = model.load_everyday_test()
    assert len(held_back) >= 150 and not any(e.urgent for e in held_back)
    assert not {e.text for e in held_back} & {e.text for e in examples if e.everyday}
    with pytest.raises(ValueError, match="never trained on"):
        model.fit([*examples[:40], held_back[0]])


def test_pure_python_scoring_equals_scikit_learn(fitted):
    scorer = model._Scorer(fitted)
    texts = [*CLEAR.values(), *BENIGN, "", "!!!"]
    expected = fitted.probabilities(texts)
    categories = fitted.categories_prepared([model.prepare(t) for t in texts])
    for text, probability, category in zip(texts, expected, categories, strict=True):
        got, got_category = scorer.scan(text)
        assert got == pytest.approx(probability, abs=1e-9)
        assert got_category == category


@pytest.mark.parametrize("category", sorted(CLEAR))
def test_clear_texts_are_flagged_with_their_category(category):
    probability, found = model.model_scan(CLEAR[category])
    assert probability >= model.THRESHOLD
    assert found == category


@pytest.mark.parametrize("text", BENIGN)
def test_clear_benign_texts_are_not_flagged(text):
    probability, category = model.model_scan(text)
    assert probability < model.THRESHOLD and category is None
    assert not model.combined_scan(text).urgent


def test_combined_keeps_the_rules_and_explains_the_classifier():
    text = CLEAR["overdose"]
    assert model.combined_scan(text) == red_flag_scan(text)
    # A text the rules miss, so the classifier's own flag is what is checked (the earlier text, "... everyone
    # would be better off", came to be caught by the rules and left the checks below unreached).
    indirect = "im just so tired of everything, nobody would even notice"
    assert not red_flag_scan(indirect).urgent, "the rules now catch this text: pick another they miss"
    probability, category = model.model_scan(indirect)
    assert probability >= model.THRESHOLD and category == "suicide"
    result = model.combined_scan(indirect)
    assert result.urgent
    assert result.categories == ["suicide"]
    assert result.matched == [f"text classifier: {probability:.2f}, similar to texts about suicidal thoughts"]
    assert set(result.as_dict()) == {"urgent", "categories", "matched"}
