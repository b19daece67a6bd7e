"""The public calculator's form renders exactly as NHS.UK frontend's macros render it, though its
106-option selects are rendered once and kept (rose.core.formrender)."""

import pytest

from rose.core.tests.test_formrender import field_html, macro_html


@pytest.mark.django_db
def test_the_public_calculator_renders_exactly_as_the_nhs_macros_render_it():
    from rose.medicines.forms import CalculatorForm
    from rose.medicines.selectors import calculator_choices

    choices = calculator_choices()
    first = choices["products"][0][0]
    for data in (None, {"table": "nope", "item_1_medicine": f"product:{first}", "item_1_amount": "x",
                        "item_2_amount": "2", "co_prescribed": ["benzodiazepine"]}):
        for _ in range(2):
            form = CalculatorForm(data, choices=choices)
            if data is not None:
                form.is_valid()
            for name in form.fields:
                assert field_html(form, name) == macro_html(form, name), (data, name)


@pytest.mark.django_db
def test_the_blank_calculator_page_kept_is_the_page_rendered_afresh(client):
    import re

    from django.template import engines
    from django.template.loader import render_to_string

    from rose.medicines.forms import CalculatorForm
    from rose.medicines.selectors import calculator_choices
    from rose.medicines.views import _rows

    env = engines["jinja2"].env
    for kept in env.rose_kept:
        kept.clear()
    form = CalculatorForm(choices=calculator_choices())
    afresh = render_to_string("medicines/_calculator_fields.jinja", {"form": form, "rows": _rows(form)})
    pages = [client.get("/medicines/calculator/").content.decode() for _ in range(2)]
    pages = [re.sub(r'(nonce|value)="[^"]*"', "", page) for page in pages]
    assert pages[0] == pages[1]
    assert re.sub(r'value="[^"]*"', "", afresh) in pages[0]
