"""Date errors say what to enter, in the words of the question."""

from __future__ import annotations

from rose.core.forms import NHSDateField, RoseForm


class _Form(RoseForm):
    date_of_birth = NHSDateField(label="Date of birth", past_only=True, described_as="the patient's date of birth")
    start = NHSDateField(label="Start date")


def _errors(data):
    form = _Form(data)
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_an_empty_date_says_what_to_enter_not_this_field_is_required():
    errors = _errors({})
    assert errors["date_of_birth"] == ["Enter the patient's date of birth"]
    assert errors["start"] == ["Enter start date"]


def test_a_part_missing_or_an_impossible_date_names_the_date():
    errors = _errors({"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1980",
                      "start_day": "4", "start_year": "2027"})
    assert errors["date_of_birth"] == ["The patient's date of birth must be a real date"]
    assert errors["start"] == ["Start date must include a month"]
