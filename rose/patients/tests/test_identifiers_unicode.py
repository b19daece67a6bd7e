"""Issue 12, item 6: NHS numbers typed in other scripts' digits were accepted (str.isdigit() is true for
"٩٩٩"), and stored as a number no other system would match."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.identifiers import normalise_nhs_number
from rose.patients.models import Patient

VALID = "9434765919"


@pytest.mark.parametrize("typed", [
    VALID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),  # Arabic-Indic
    VALID.translate(str.maketrans("0123456789", "０１２３４５６７８９")),  # full width
    VALID.translate(str.maketrans("0123456789", "०१२३४५६७८९")),  # Devanagari
    "943476591\u00b9",  # a superscript one
])
def test_nhs_numbers_in_non_ascii_digits_are_refused(typed):
    with pytest.raises(ValidationError) as raised:
        normalise_nhs_number(typed)
    assert raised.value.code == "format"


def test_ascii_digits_are_still_accepted():
    assert normalise_nhs_number("943 476 5919") == VALID


def test_the_add_patient_form_refuses_them_and_keeps_what_was_typed(client_for):
    typed = VALID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client_for(Role.NURSE).post(reverse("patients:create"), {
        "nhs_number": typed, "given_name": "Ada", "family_name": "Lovelace", "date_of_birth_day": "10",
        "date_of_birth_month": "12", "date_of_birth_year": "1960"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "NHS number must only include numbers" in page and typed in page
    assert not Patient.objects.exists()
