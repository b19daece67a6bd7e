"""NHS numbers and mobile numbers: parse what people type, store one canonical form."""

from __future__ import annotations

import re

import nhs_number
import phonenumbers
from django.core.exceptions import ValidationError

# Two letters, six digits, an optional final letter: the shape of a National Insurance number.
_NI_NUMBER = re.compile(r"^[A-Z]{2}\s*\d{2}\s*\d{2}\s*\d{2}\s*[A-D]?$", re.IGNORECASE)
# Ofcom reserves 07700 900000 to 900999 for drama; GOV.UK Notify's test numbers are in it.
# phonenumbers calls them invalid, but they reach no real person, so demos and tests use them.
_DRAMA_RANGE = re.compile(r"^\+447700900\d{3}$")
_SEPARATORS = re.compile(r"[\s-]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalise_nhs_number(raw: str) -> str:
    """Accept `999 123 4567` or `999-123-4567`; return 10 digits or raise a specific error."""
    text = (raw or "").strip()
    if _NI_NUMBER.match(text):
        raise ValidationError("This looks like a National Insurance number. Enter the patient's NHS number, "
                              "which is 10 digits, like 999 123 4567", code="ni_number")
    digits = _SEPARATORS.sub("", text)
    # ASCII digits only: str.isdigit() also accepts other scripts' digits ("٩٩٩...") and superscripts,
    # which would be stored as a different, unmatchable NHS number (issue 12).
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValidationError("NHS number must only include numbers, spaces and dashes", code="format")
    if len(digits) != 10:
        raise ValidationError("NHS number must be 10 digits", code="length")
    if not nhs_number.is_valid(digits):
        raise ValidationError("This is not a valid NHS number. Check it and enter it again", code="checksum")
    return digits


def normalise_mobile(raw: str) -> str:
    """Return a UK mobile number in E.164 (+447700900123), or raise a specific error."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("Enter a mobile phone number, like 07700 900 982", code="format") from exc
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if _DRAMA_RANGE.match(e164):
        return e164
    if not phonenumbers.is_valid_number(number):
        raise ValidationError("Enter a real mobile phone number, like 07700 900 982", code="invalid")
    if phonenumbers.number_type(number) not in (phonenumbers.PhoneNumberType.MOBILE,
                                                 phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError("Enter a mobile number so we can send text messages, not a landline", code="landline")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
