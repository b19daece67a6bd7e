"""The team's working time: England's bank holidays (the one calendar clinics, group sessions,
escalation and the worklist all use), the hours escalation counts and the due times of the worklist.

Working hours are ROSE_SMS_WORKING_HOURS ("09:00-17:00", Europe/London), Monday to Friday, not on
bank holidays in England. ROSE_SMS_ESCALATE_AFTER_MINUTES (default 30) is how many minutes of that
time an urgent item may wait: it is both the urgent due time and the first escalation level.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

LONDON = ZoneInfo("Europe/London")
DEFAULT_URGENT_MINUTES = 30


def escalate_after_minutes() -> int:
    """Minutes of working time before an urgent item is escalated (0 turns escalation off)."""
    return int(getattr(settings, "ROSE_SMS_ESCALATE_AFTER_MINUTES", DEFAULT_URGENT_MINUTES))


def working_hours() -> tuple[dt.time, dt.time]:
    start, _, end = str(getattr(settings, "ROSE_SMS_WORKING_HOURS", "09:00-17:00")).partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    """England's bank holidays for a year, built once (building them takes about 2.5 ms)."""
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: dt.date) -> bool:
    """England and Wales share one bank holiday calendar (Wales adds none of its own)."""
    return day in _bank_holidays(day.year)


def bank_holiday_name(day: dt.date) -> str:
    return str(_bank_holidays(day.year).get(day) or "")


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def _window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    opens, closes = working_hours()
    return dt.datetime.combine(day, opens, tzinfo=LONDON), dt.datetime.combine(day, closes, tzinfo=LONDON)


def working_minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    """Minutes of working time (London) between two moments."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(LONDON).date()
    last = end.astimezone(LONDON).date()
    while day <= last:
        if is_working_day(day):
            window_start, window_end = _window(day)
            lo, hi = max(start, window_start), min(end, window_end)
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        day += dt.timedelta(days=1)
    return total


def add_working_minutes(start: dt.datetime, minutes: float) -> dt.datetime:
    """The moment `minutes` of working time after `start` (at 22:00 plus 30 minutes is 09:30 on the
    next working day). Never earlier for a later start, so lists sorted by start are sorted by it."""
    left = dt.timedelta(minutes=max(minutes, 0))
    day = start.astimezone(LONDON).date()
    for _ in range(400):  # a year of days: more than any run of holidays
        if is_working_day(day):
            window_start, window_end = _window(day)
            lo = max(start, window_start)
            if lo < window_end:
                if lo + left <= window_end:
                    return (lo + left).astimezone(dt.UTC)
                left -= window_end - lo
        day += dt.timedelta(days=1)
    return start + left  # unreachable with any real calendar


def end_of_next_working_day(start: dt.datetime) -> dt.datetime:
    """Closing time on the first working day after the day of `start` (London)."""
    day = start.astimezone(LONDON).date() + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return _window(day)[1].astimezone(dt.UTC)


def due_at(*, urgent: bool, since: dt.datetime) -> dt.datetime:
    """When an item raised at `since` is due: urgent ones after the escalation time of working time
    (30 minutes unless configured), the rest by the end of the next working day."""
    if urgent:
        return add_working_minutes(since, escalate_after_minutes() or DEFAULT_URGENT_MINUTES)
    return end_of_next_working_day(since)
