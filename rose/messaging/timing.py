"""Quiet hours and each patient's preferred hours, in Europe/London across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

LONDON = ZoneInfo("Europe/London")


def _setting_time(name: str, default: str) -> dt.time:
    value = getattr(settings, name, default)
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def quiet_hours() -> tuple[dt.time, dt.time]:
    """(start, end) of quiet hours: no texts from start until end (default 20:00 to 09:00)."""
    return _setting_time("ROSE_SMS_QUIET_START", "20:00"), _setting_time("ROSE_SMS_QUIET_END", "09:00")


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    """A wall-clock time on a London day; a time skipped by the spring change moves forward."""
    naive = dt.datetime.combine(day, at)
    aware = naive.replace(tzinfo=LONDON)
    # Round-trip through UTC: a non-existent wall time (01:30 on the spring change) becomes 02:30.
    return aware.astimezone(dt.UTC).astimezone(LONDON)


def _windows(day: dt.date, patient_from: dt.time | None, patient_until: dt.time | None
             ) -> list[tuple[dt.datetime, dt.datetime]]:
    """Allowed sending windows on a London day: outside quiet hours and inside the patient's hours."""
    quiet_start, quiet_end = quiet_hours()
    if quiet_end == quiet_start:  # no quiet hours
        base = [(_local(day, dt.time(0)), _local(day + dt.timedelta(days=1), dt.time(0)))]
    elif quiet_end < quiet_start:
        base = [(_local(day, quiet_end), _local(day, quiet_start))]
    else:  # quiet hours inside the day (for example 13:00 to 14:00)
        base = [(_local(day, dt.time(0)), _local(day, quiet_start)),
                (_local(day, quiet_end), _local(day + dt.timedelta(days=1), dt.time(0)))]
    if patient_from is None and patient_until is None:
        return base
    start = patient_from or dt.time(0)
    until = patient_until or dt.time(23, 59, 59)
    if start < until:
        pref = [(_local(day, start), _local(day, until))]
    else:  # preferred hours across midnight
        pref = [(_local(day, dt.time(0)), _local(day, until)),
                (_local(day, start), _local(day + dt.timedelta(days=1), dt.time(0)))]
    out = []
    for b_start, b_end in base:
        for p_start, p_end in pref:
            lo, hi = max(b_start, p_start), min(b_end, p_end)
            if lo < hi:
                out.append((lo, hi))
    return out or base  # the patient's hours fall wholly in quiet hours: quiet hours win


def next_allowed_time(when: dt.datetime, *, contact_from: dt.time | None = None,
                      contact_until: dt.time | None = None,
                      quiet: tuple[dt.time, dt.time] | None = None) -> dt.datetime:
    """The first moment at or after `when` that is outside quiet hours and inside the patient's hours.
    `quiet` is `quiet_hours()` read once by a caller scheduling many texts (reading settings is slow)."""
    local = when.astimezone(LONDON)
    if contact_from is None and contact_until is None:  # fast path (scheduling writes thousands a second)
        quiet_start, quiet_end = quiet or quiet_hours()
        now = local.time()
        if quiet_start == quiet_end or (
                quiet_end < quiet_start and quiet_end <= now < quiet_start) or (
                quiet_start < quiet_end and not quiet_start <= now < quiet_end):
            return when
    for offset in range(0, 3):
        day = local.date() + dt.timedelta(days=offset)
        for start, end in sorted(_windows(day, contact_from, contact_until)):
            if local < end:
                return max(local, start).astimezone(dt.UTC)
    return when  # unreachable with any real window; never lose the message
