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


AREA_NAMES = {
    "patients": "Patients", "referrals": "Referrals", "plans": "Plans and clinics", "groups": "Group programme",
    "messaging": "Texts", "outcomes": "Outcomes", "hub": "Patient record", "letters": "Letters",
    "accounts": "Staff accounts", "medicines": "Calculator", "fhir": "FHIR interface", "admin": "Administration",
}
PAGE_WORDS = {"detail": "record", "list": "list", "queue": "queue"}


def audit_record(event: object) -> str:
    """What an audit row is about, in words: the kind of record and the page, never a model label
    or a route name ("Patient, Patients: access log", not "patients.Patient patients:access_log")."""
    from django.apps import apps
    from django.utils.text import capfirst

    parts: list[str] = []
    object_type = getattr(event, "object_type", "") or ""
    if object_type:
        try:
            parts.append(str(capfirst(apps.get_model(object_type)._meta.verbose_name)))
        except (LookupError, ValueError):
            parts.append("Record")
    path_name = getattr(event, "path_name", "") or ""
    if path_name:
        area, _, page = path_name.rpartition(":")
        area = area.split(":")[0] if area else ""
        words = PAGE_WORDS.get(page, page.replace("_", " "))
        parts.append(f"{AREA_NAMES.get(area, area.replace('_', ' ').capitalize() or 'Page')}: {words}"
                     if area else words.capitalize())
    return ", ".join(parts)


JINJA_FILTERS = {
    "audit_record": audit_record,
    "mobile": mobile,
    "nhs_number": nhs_number,
    "date": date,
    "date_short": date_short,
    "weekday_date": weekday_date,
    "datetime": datetime,
    "time": time,
    "mg": mg,
}
