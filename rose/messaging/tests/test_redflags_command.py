"""`manage.py redflags`: texts on standard input, one JSON object a line on standard output."""

from __future__ import annotations

import io
import json
import sys

from django.core.management import call_command


def run(text: str) -> list[dict]:
    out = io.StringIO()
    call_command("redflags", stdin=io.StringIO(text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_json_object_a_line_with_every_category_and_match():
    answers = run("extra tablets and can't breathe\nfine thanks\n\nim not ok i want to die\n")
    assert answers == [
        {"urgent": True, "categories": ["extra_doses", "breathing"], "matched": ["extra tablets", "cant breathe"]},
        {"urgent": False, "categories": [], "matched": []},
        {"urgent": False, "categories": [], "matched": []},
        {"urgent": True, "categories": ["suicide"], "matched": ["want to die"]},
    ]


def test_reads_standard_input_as_utf8_and_keeps_one_answer_per_line(monkeypatch):
    raw = "I’m going to kill meself\r\nmy back’s killing me\n".encode() + b"\xff broken byte\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("redflags", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [answer["urgent"] for answer in answers] == [True, False, False]
    assert answers[0]["categories"] == ["suicide"]


def test_every_category_of_a_text_is_written_including_allergy_and_head_injury():
    answers = run("my lips are swelling and i cant breathe\nhe fell and hit his head, now he wont wake up\n"
                  "had a bottle of wine last night\n")
    assert answers[0]["categories"] == ["allergic_reaction", "breathing"]
    assert answers[1]["categories"] == ["head_injury", "unresponsive"]
    assert len(answers[1]["matched"]) == 2
    assert answers[2] == {"urgent": False, "categories": [], "matched": []}
