"""Pure date logic for clinics: England bank holidays, working days and working hours (Europe/London)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
# A slot starting before 08:00, ending after 18:00, at a weekend or on a bank holiday is "outside
# working hours": the coordinator must confirm it (a patient may not expect a call at that time).
WORKING_DAY_STARTS = dt.time(8, 0)
WORKING_DAY_ENDS = dt.time(18, 0)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.UK(subdiv="ENG", years=year)


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays(day.year)


def bank_holiday_name(day: dt.date) -> str:
    return str(_bank_holidays(day.year).get(day) or "")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_days(after: dt.date, count: int) -> list[dt.date]:
    days, day = [], after
    while len(days) < count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def within_working_hours(starts_at: dt.datetime, duration_minutes: int) -> bool:
    local = starts_at.astimezone(LONDON)
    ends = local + dt.timedelta(minutes=duration_minutes)
    return (is_working_day(local.date()) and local.time() >= WORKING_DAY_STARTS
            and ends.date() == local.date() and ends.time() <= WORKING_DAY_ENDS)
