import pytest
from django.core.exceptions import ValidationError

from rose.patients.identifiers import normalise_mobile, normalise_nhs_number


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 943 476 5919 "])
def test_nhs_numbers_are_accepted_with_spaces_or_dashes(typed):
    assert normalise_nhs_number(typed) == "9434765919"


@pytest.mark.parametrize(("typed", "message"), [
    ("9434765918", "not a valid NHS number"),
    ("943476591", "must be 10 digits"),
    ("94347659190", "must be 10 digits"),
    ("943476591X", "only include numbers"),
    ("QQ 12 34 56 C", "National Insurance number"),
    ("AB123456C", "National Insurance number"),
])
def test_wrong_nhs_numbers_get_a_specific_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        normalise_nhs_number(typed)


def test_a_number_whose_check_digit_would_be_10_is_invalid():
    # 999 000 000 has a modulus-11 check digit of 10, so no valid number starts with it.
    for last in range(10):
        with pytest.raises(ValidationError):
            normalise_nhs_number(f"999000000{last}")


@pytest.mark.parametrize("typed", ["07700 900123", "+44 7700 900123", "447700900123", "07700900123"])
def test_uk_mobiles_are_stored_in_e164(typed):
    assert normalise_mobile(typed) == "+447700900123"


@pytest.mark.parametrize(("typed", "message"), [
    ("0161 496 0000", "not a landline"),
    ("12345", "real mobile"),
    ("not a number", "Enter a mobile phone number"),
])
def test_bad_mobiles_get_a_specific_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        normalise_mobile(typed)
