"""The words patients read: a step's doses as a sentence (patient PDF, plan letter, texts)."""

from __future__ import annotations

import pytest

from rose.plans.steps import dose_sentence, product_words


@pytest.mark.parametrize(("product", "units", "words"), [
    ("Morphine 30mg modified-release tablets", "1", "morphine 30mg modified-release tablet"),
    ("Morphine 30mg modified-release tablets", "2", "morphine 30mg modified-release tablets"),
    ("Morphine 10mg modified-release capsules", "0.5", "morphine 10mg modified-release capsule"),
    ("Fentanyl 25micrograms/hour transdermal patches", "1", "fentanyl 25micrograms/hour transdermal patch"),
    ("Buprenorphine 5micrograms/hour transdermal patches", "2", "buprenorphine 5micrograms/hour transdermal patches"),
    ("Morphine sulfate 10mg/5ml oral solution", "1", "morphine sulfate 10mg/5ml oral solution"),
])
def test_product_words_make_singulars_a_patient_would_write(product, units, words):
    assert product_words(product, units, "unit") == words


def test_a_patch_step_reads_as_a_sentence():
    patch = {"product": "Fentanyl 12micrograms/hour transdermal patches", "units": "1", "unit": "patch",
             "time": "change every 72 hours"}
    assert dose_sentence([patch]) == ("one fentanyl 12micrograms/hour transdermal patch: take off the old patch "
                                      "and put on a new one every 3 days (72 hours)")
    assert dose_sentence([]) == "none: stop taking this medicine"
