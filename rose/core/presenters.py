"""Formatting for display: NHS numbers, dates and times in Europe/London, doses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def nhs_number(value: str | None) -> str:
    """`9991234567` -> `999 123 4567` (the NHS display format)."""
    if not value:
        return ""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) != 10:
        return str(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def date(value: dt.date | dt.datetime | None) -> str:
    """`4 January 2027` (GOV.UK/NHS style, no leading zero)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def date_short(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%b %Y}"


def weekday_date(value: dt.date | None) -> str:
    """`Monday 4 January`."""
    if value is None:
        return ""
    return f"{value:%A} {value.day} {value:%B}"


def datetime(value: dt.datetime | None) -> str:
    """`4 January 2027 at 2:30pm` in Europe/London."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{date(local.date())} at {time(local.time())}"


def time(value: dt.time | None) -> str:
    """`8am`, `2:30pm`, `midday`."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def mg(value: Decimal | float | int | None) -> str:
    """A dose without trailing zeros: `22.5`, `30`. None shows nothing: never a made-up 0."""
    if value is None:
        return ""
    quantised = Decimal(str(value)).normalize()
    text = format(quantised, "f")
    return text


def mobile(e164: str | None) -> str:
    """`+447700900123` -> `07700 900123` for display."""
    if not e164:
        return ""
    import phonenumbers

    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "GB"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164


JINJA_FILTERS = {
    "mobile": mobile,
    "nhs_number": nhs_number,
    "date": date,
    "date_short": date_short,
    "weekday_date": weekday_date,
    "datetime": datetime,
    "time": time,
    "mg": mg,
}
