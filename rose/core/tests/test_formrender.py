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


def test_form_submit_runs_the_service_only_for_a_valid_post_and_puts_a_refusal_on_the_form():
    from types import SimpleNamespace

    from django import forms
    from django.core.exceptions import ValidationError

    from rose.core.forms import RoseForm, form_submit

    class NameForm(RoseForm):
        name = forms.CharField()

    calls = []

    def service():
        calls.append(1)
        return "saved"

    def refuse():
        raise ValidationError({"name": "Already taken"})

    get, post = SimpleNamespace(method="GET"), SimpleNamespace(method="POST")
    assert form_submit(get, NameForm(), service) == (False, None) and calls == []
    invalid = NameForm({"name": ""})
    assert form_submit(post, invalid, service) == (False, None) and calls == [] and "name" in invalid.errors
    assert form_submit(post, NameForm({"name": "Ann"}), service) == (True, "saved") and calls == [1]
    refused = NameForm({"name": "Ann"})
    assert form_submit(post, refused, refuse) == (False, None)
    assert refused.errors["name"] == ["Already taken"] and refused.data["name"] == "Ann"


# The HTML `field()` gives is exactly what NHS.UK frontend's macro renders from the same parameters
# (options kept per list and blank fields kept per parameters are a speed-up, never a change).

class EveryKindForm(RoseForm):
    name = forms.CharField(label="Name", max_length=5, help_text="As on the prescription")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    medicine = forms.ChoiceField(label="Medicine", required=False, choices=[
        ("", "Choose a medicine"), ("a", "Alfa"), ("b&c", "B & C's <tablets>"), ("d", 'Say "d"')])
    many = forms.MultipleChoiceField(label="Many", required=False, widget=forms.SelectMultiple,
                                     choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    sedatives = forms.MultipleChoiceField(label="Also", required=False, widget=forms.CheckboxSelectMultiple,
                                          choices=[("p", "P"), ("q", "Q")])
    agree = forms.BooleanField(label="I agree", required=False)
    when = NHSDateField(label="Date", required=False)


def macro_html(form, name: str, **overrides) -> str:
    """The reference: NHS.UK frontend's own macro, called with the parameters field() builds."""
    from rose.core.formrender import _macro, field_params

    env = engines["jinja2"].env
    macro, params = field_params(form[name], **overrides)
    return str(_macro(env, macro)(params))


def field_html(form, name: str, **overrides) -> str:
    env = engines["jinja2"].env
    return str(env.globals["field"](form[name], **overrides))


DATA = [
    None,
    {},
    {"name": "toolong", "medicine": "b&c", "many": ["x", "z"], "colour": "b", "sedatives": ["q"], "agree": "on",
     "when_day": "31", "when_month": "2", "when_year": "2020", "notes": "Ann's <notes>"},
    {"name": "Ann", "medicine": "zz", "many": ["nope"], "colour": "x", "when_day": "1"},
    {"medicine": "d"},
    {"medicine": "a"},
]


def test_every_field_renders_exactly_as_the_nhs_macro_renders_it_twice_over():
    for data in DATA:
        for _ in range(2):  # the second time comes from what was kept
            form = EveryKindForm(data)
            if data is not None:
                form.is_valid()
            for name in form.fields:
                assert field_html(form, name) == macro_html(form, name), (data, name)
                assert field_html(form, name, classes="nhsuk-input--width-4") == macro_html(
                    form, name, classes="nhsuk-input--width-4"), (data, name)


def test_the_chosen_option_is_marked_and_only_it():
    form = EveryKindForm({"medicine": "b&c"})
    form.is_valid()
    html = field_html(form, "medicine")
    assert html.count(" selected") == 1
    assert re.search(r'<option value="b&amp;c" selected\s*>B &amp; C&#39;s &lt;tablets&gt;</option>', html)
    assert ' selected' not in field_html(EveryKindForm(), "medicine")


def test_nothing_a_user_typed_is_kept_between_requests():
    env = engines["jinja2"].env
    kept_fields, _ = env.rose_kept
    kept_fields.clear()
    form = EveryKindForm({"name": "Zebedee", "notes": "Secret note", "when_day": "3"})
    form.is_valid()
    for name in form.fields:
        field_html(form, name)
    kept = "".join(kept_fields.items.values())
    assert "Zebedee" not in kept and "Secret note" not in kept and 'value="3"' not in kept


def test_a_field_that_names_a_patient_is_never_kept_and_still_renders_as_the_macro_does():
    from rose.core.formrender import personal

    class RegisterForm(RoseForm):
        mark = personal(forms.ChoiceField(label="Zebedee Quimby", choices=[("a", "Attended"), ("d", "Did not attend")],
                                          widget=forms.RadioSelect))
        who = personal(forms.ChoiceField(label="Book", choices=[("1", "Ophelia Nutkin"), ("2", "Rufus Pike")]))
        plain = forms.ChoiceField(label="Plain", choices=[("1", "One")])

    env = engines["jinja2"].env
    kept_fields, kept_options = env.rose_kept
    kept_fields.clear()
    kept_options.clear()
    html = field_html(RegisterForm(), "mark") + field_html(RegisterForm(), "who") + field_html(RegisterForm(), "plain")
    assert "Zebedee Quimby" in html and "Ophelia Nutkin" in html
    kept = "".join(kept_fields.items.values()) + "".join(kept_options.items.values())
    assert "Zebedee" not in kept and "Ophelia" not in kept and "Rufus" not in kept
    assert "Plain" in kept  # an ordinary blank field is still kept
    assert field_html(RegisterForm({"who": "2"}), "who").count(" selected") == 1


def test_kept_components_render_exactly_as_the_nhs_macros_twice_over():
    from rose.core.formrender import _macro

    env = engines["jinja2"].env
    env.rose_kept_components.clear()
    Undefined = env.undefined  # what `undefined` is in a template
    cases = [
        ("header", {"service": {"text": "ROSE", "href": "/"}, "navigation": {"items": [
            {"href": "/patients/", "text": "Patients"}, {"href": "/a&b/", "text": "A & <b>"}]},
            "account": Undefined()}),
        ("header", {"service": {"text": "ROSE", "href": "/"}, "navigation": Undefined(), "account": Undefined()}),
        ("footer", {"meta": {"items": [{"href": "/privacy/", "text": "Privacy"}]}, "copyright": {"text": "ROSE"}}),
        ("skipLink", {"href": "#maincontent", "text": "Skip to main content"}),
        ("card", {"href": "/x/", "heading": "Patients", "headingLevel": 3, "clickable": True}),
        ("button", {"text": "Apply filters", "classes": "nhsuk-button--secondary"}),
        ("tag", {"text": "Risk", "classes": "nhsuk-tag--red"}),
    ]
    for _ in range(2):  # the second time comes from what was kept
        for name, params in cases:
            assert str(env.globals["component"](name, params)) == str(_macro(env, name)(params)), name
    assert len(env.rose_kept_components.items) == len(cases)


SUMMARY_VALUES = ["Ann O'Neill", "A & B <Practice>", 'Say "hello"', "07700 900123", "Not recorded",
                  "  leading space", "two\nlines", "", "tab\there", "1 January 2020"]


def test_filled_components_render_exactly_as_the_nhs_macro_and_keep_no_value():
    from rose.core.formrender import _macro

    env = engines["jinja2"].env
    env.rose_kept_shapes.clear()
    filled, macro = env.globals["filled"], _macro(env, "summaryList")
    for value in SUMMARY_VALUES:
        for other in ("Zebedee Quimby", "Rufus & Pike"):
            params = {"rows": [
                {"key": {"text": "Name"}, "value": {"text": other}},
                {"key": {"text": "Detail"}, "value": {"text": value},
                 "actions": {"items": [{"href": f"/patients/{other}/?a=1&b=2", "text": "Change",
                                        "visuallyHiddenText": "detail"}]}},
                {"key": {"text": "Count"}, "value": {"text": 3}},
            ]}
            for _ in range(2):  # the second time comes from the kept shape
                assert str(filled("summaryList", params)) == str(macro(params)), (value, other)
            no_actions = {"rows": [{"key": {"text": "Name"}, "value": {"text": other}},
                                   {"key": {"text": "Detail"}, "value": {"text": value}}],
                          "classes": "nhsuk-u-margin-bottom-2"}
            assert str(filled("summaryList", no_actions)) == str(macro(no_actions)), (value, other)
    kept = repr(list(env.rose_kept_shapes.items.items()))
    assert "Zebedee" not in kept and "Rufus" not in kept and "Neill" not in kept and "Practice" not in kept
    assert len(env.rose_kept_shapes.items) == 2  # one shape a structure, whatever the values


def test_filled_sends_html_to_the_macro_and_keeps_nothing_of_it():
    from markupsafe import Markup

    from rose.core.formrender import _macro

    env = engines["jinja2"].env
    env.rose_kept_shapes.clear()
    params = {"rows": [{"key": {"text": "Name"}, "value": {"html": Markup("<b>Zebedee</b>")}}]}
    assert str(env.globals["filled"]("summaryList", params)) == str(_macro(env, "summaryList")(params))
    assert not env.rose_kept_shapes.items


def test_filled_pagination_and_typed_inputs_match_the_macros():
    from rose.core.formrender import _macro

    env = engines["jinja2"].env
    filled = env.globals["filled"]
    for previous, following in ((None, 2), (1, 3), (4, None)):
        params = {"previous": {"href": f"?status=open&page={previous}", "text": "Previous"} if previous else None,
                  "next": {"href": f"?page={following}", "text": "Next"} if following else None}
        for _ in range(2):
            assert str(filled("pagination", params)) == str(_macro(env, "pagination")(params))
    for typed in ("Zebedee", "O'Neill & <Pike>", " spaced ", 'say "x"'):
        form = EveryKindForm({"name": typed})
        form.is_valid()
        for _ in range(2):
            assert field_html(form, "name") == macro_html(form, "name"), typed
    assert "Zebedee" not in repr(list(env.rose_kept_shapes.items.items()))


def test_url_each_gives_what_reverse_gives():
    import uuid

    from django.urls import reverse

    env = engines["jinja2"].env
    href = env.globals["url_each"]("patients:detail", "patient_id")
    for value in (uuid.uuid4(), uuid.UUID(int=0)):
        assert href(value) == reverse("patients:detail", kwargs={"patient_id": value})
    assert href(str(uuid.UUID(int=5))) == reverse("patients:detail", kwargs={"patient_id": uuid.UUID(int=5)})
