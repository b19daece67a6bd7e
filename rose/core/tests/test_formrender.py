"""NHS field rendering: labels point at inputs, ids are unique, typed values are kept."""

import re

from django import forms
from django.template import engines

from rose.core.forms import NHSDateField, RoseForm


class SampleForm(RoseForm):
    name = forms.CharField(label="Name", max_length=5)
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="I agree")
    when = NHSDateField(label="Date")


def render(form) -> str:
    env = engines["jinja2"].env
    template = env.from_string(
        "{{ error_summary(form) }}{{ field(form['name']) }}{{ field(form['colour']) }}"
        "{{ field(form['agree']) }}{{ field(form['when']) }}")
    return template.render(form=form)


def test_every_id_on_the_page_is_unique_and_every_label_points_at_an_input():
    html = render(SampleForm({"name": "toolong", "colour": "x", "when_day": "31", "when_month": "2",
                              "when_year": "2020"}))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    inputs = set(re.findall(r'<input[^>]*\sid="([^"]+)"', html))
    for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', html):
        assert target in inputs, target


def test_errors_are_specific_and_typed_values_are_kept():
    html = render(SampleForm({"name": "toolong", "colour": "x", "when_day": "31", "when_month": "2",
                              "when_year": "2020"}))
    assert "There is a problem" in html
    assert "Name must be 5 characters or fewer" in html
    assert "Select a valid option for colour" in html
    assert "Date must be a real date" in html
    assert 'value="toolong"' in html and 'value="31"' in html
    assert 'href="#id_when_day"' in html


def test_a_service_refusal_goes_by_its_field_or_into_the_summary():
    from django import forms
    from django.core.exceptions import ValidationError

    from rose.core.forms import RoseForm, add_service_error

    class NameForm(RoseForm):
        name = forms.CharField()

    form = NameForm({"name": "Ann"})
    assert form.is_valid()
    add_service_error(form, ValidationError({"name": "Already taken", "slot": "Just booked by someone else"}))
    assert form.errors["name"] == ["Already taken"]
    assert form.non_field_errors() == ["Just booked by someone else"]
    form = NameForm({"name": "Ann"})
    assert form.is_valid()
    add_service_error(form, ValidationError("The course has started"))
    assert form.non_field_errors() == ["The course has started"] and "name" not in form.errors
