"""Questionnaire definitions are checked against a JSON Schema (instruments/definition.schema.json) and then
the rules across the file; every problem comes back as a plain-English message."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from rose.outcomes import instruments as defs

GOOD = {
    "code": "x", "name": "n", "version": "1", "citation": "c", "licence": "l",
    "items": [{"code": "a", "text": "t", "options": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]}],
    "scoring": {"method": "sum", "items": ["a"]},
}


def _with(**changes):
    definition = copy.deepcopy(GOOD)
    definition.update(changes)
    return definition


def _errors(definition):
    with pytest.raises(defs.DefinitionError) as exc:
        defs.validate_definition(definition)
    return exc.value.errors


def test_the_schema_is_a_valid_json_schema_shipped_beside_the_builtin_instruments():
    schema = json.loads(defs.SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert defs.SCHEMA_PATH.parent == defs.BUILTIN_DIR


@pytest.mark.parametrize("code", defs.BUILTIN_CODES)
def test_every_builtin_definition_passes(code):
    assert defs.validate_definition(defs.load_builtin(code))["code"] == code


def test_a_text_item_needs_no_options():
    definition = _with(items=[*GOOD["items"], {"code": "why", "type": "text", "text": "Why?"}])
    assert defs.validate_definition(definition) is definition


@pytest.mark.parametrize(("definition", "expected"), [
    ("not an object", ["The file must contain one JSON object"]),
    ({"code": "x", "name": ""}, ["Missing 'version'", "Missing 'citation'", "Missing 'licence'", "Missing 'items'",
                                 "Missing 'scoring'", "Missing 'name'"]),
    (_with(code="Bad Code"),
     ["'code' must be lower-case letters, digits and underscores, 40 characters or fewer"]),
    (_with(code="x" * 41),
     ["'code' must be lower-case letters, digits and underscores, 40 characters or fewer"]),
    (_with(items=[]), ["'items' must be a non-empty list"]),
    (_with(items=["a question"], scoring={"method": "sum", "items": ["a"]}),
     ["Item 1 needs a 'code' and 'text'"]),
    (_with(items=[{"code": "a", "text": "t", "options": [{"value": 0, "label": "Only"}]}]),
     ["Item 'a' needs at least 2 options"]),
    (_with(items=[{"code": "a", "text": "t",
                   "options": [{"value": "one", "label": "x"}, {"value": 1.5, "label": "y"}]}]),
     ["Item 'a' has an option without a whole-number 'value'"]),
    (_with(items=[{"code": "a", "text": "t", "options": [{"value": 0}, {"value": 1, "label": ""}]}]),
     ["Item 'a' has an option without a 'label'"]),
    (_with(scoring={"method": "median", "items": ["a"]}),
     ["scoring: method must be one of category, mean, sum"]),
    (_with(subscales=[{"code": "mood", "method": "sum", "items": []}]),
     ["subscale 'mood': items must name existing items"]),
    (_with(alerts=[{"code": "low", "title": "Low", "when": {"op": "below", "value": 1}}]),
     ["Alert 'low' needs code, title and when.op/value"]),
    (_with(bands=[{"min": 0, "label": "None"}]), ["Band 1 needs a number 'min' and 'max' and a 'label'"]),
    # rules across the file, checked once the shape is right
    (_with(items=[{"code": "a", "text": "t", "options": [{"value": 0, "label": "x"}, {"value": 0, "label": "y"}]}]),
     ["Item 'a' has two options with the same value"]),
    (_with(items=GOOD["items"] * 2), ["Item codes must be unique"]),
    (_with(scoring={"method": "sum", "items": ["a", "zz"]}),
     ["scoring: items must name existing items (unknown: zz)"]),
    (_with(pages=[["a"], ["zz"]]), ["'pages' names an item that does not exist"]),
    (_with(alerts=[{"code": "hi", "title": "High", "when": {"item": "zz", "op": "gt", "value": 0}}]),
     ["Alert 'hi' names an unknown item"]),
])
def test_bad_definitions_are_refused_with_every_reason_in_plain_english(definition, expected):
    assert sorted(_errors(definition)) == sorted(expected)


def test_several_problems_are_all_reported_at_once():
    definition = _with(code="Bad", items=[{"code": "a", "text": "t", "options": [{"value": 0}]}],
                       scoring={"method": "median", "items": ["a"]})
    assert sorted(_errors(definition)) == sorted([
        "'code' must be lower-case letters, digits and underscores, 40 characters or fewer",
        "Item 'a' needs at least 2 options", "Item 'a' has an option without a 'label'",
        "scoring: method must be one of category, mean, sum"])
