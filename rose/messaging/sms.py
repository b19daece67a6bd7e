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


def text_size(body: str) -> TextSize:
    """Fragments as Notify counts them: 160 then 153 per fragment in GSM-7, 70 then 67 in Unicode."""
    body = body or ""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in body):
        units = sum(2 if ch in GSM_EXTENDED else 1 for ch in body)
        encoding, single, multi = "GSM-7", 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        encoding, single, multi = "Unicode", 70, 67
    fragments = 1 if units <= single else math.ceil(units / multi)
    return TextSize(characters=len(body), encoding=encoding, units=units, fragments=fragments,
                    cost_pence=(fragment_cost() * fragments).quantize(Decimal("0.01")),
                    too_long=len(body) > MAX_LENGTH)


def normalise_mobile(number: str) -> str:
    """E.164 (+447700900123) or "" when the number cannot be read."""
    try:
        parsed = phonenumbers.parse((number or "").strip(), "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
