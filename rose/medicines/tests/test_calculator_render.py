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
