"""Text length, encoding, fragments and cost (GSM-7 versus Unicode), and phone-number normalising."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import phonenumbers
from django.conf import settings

MAX_LENGTH = 918
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class TextSize:
    characters: int
    encoding: str
    units: int
    fragments: int
    cost_pence: Decimal
    too_long: bool


def fragment_cost() -> Decimal:
    return Decimal(str(getattr(settings, "ROSE_SMS_FRAGMENT_COST_PENCE", "2.4")))


# GOV.UK Notify's own normalisation before it encodes a text (notifications-utils SanitiseText):
# typographic punctuation becomes its plain GSM-7 form and invisible characters go, so a curly
# apostrophe or a dash does not turn a 1-fragment text into a 3-fragment Unicode one.
NOTIFY_REPLACEMENTS = {
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u180e": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00a0": " ",
    "\t": " ",
}
_REPLACE = str.maketrans(NOTIFY_REPLACEMENTS)


def notify_normalise(body: str) -> str:
    return (body or "").translate(_REPLACE)


def text_size(body: str) -> TextSize:
    """Fragments as Notify counts them, after its character normalisation: 160 then 153 per
    fragment in GSM-7, 70 then 67 in Unicode."""
    original = body or ""
    body = notify_normalise(original)
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in body):
        units = sum(2 if ch in GSM_EXTENDED else 1 for ch in body)
        encoding, single, multi = "GSM-7", 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        encoding, single, multi = "Unicode", 70, 67
    fragments = 1 if units <= single else math.ceil(units / multi)
    return TextSize(characters=len(original), encoding=encoding, units=units, fragments=fragments,
                    cost_pence=(fragment_cost() * fragments).quantize(Decimal("0.01")),
                    too_long=len(original) > MAX_LENGTH)


def normalise_mobile(number: str) -> str:
    """E.164 (+447700900123) or "" when the number cannot be read."""
    try:
        parsed = phonenumbers.parse((number or "").strip(), "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def clean_text(value: str) -> str:
    """Text from a provider with NUL characters removed: PostgreSQL cannot store them, and the
    rest of the text must be kept."""
    return (value or "").replace("\x00", "")
