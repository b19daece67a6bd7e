"""Pure date logic for clinics: working days and working hours (Europe/London). The bank holiday
calendar is England's, shared by every app (`rose.core.working_time`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rose.core.working_time import is_working_day

LONDON = ZoneInfo("Europe/London")
# A slot starting before 08:00, ending after 18:00, at a weekend or on a bank holiday is "outside
# working hours": the coordinator must confirm it (a patient may not expect a call at that time).
WORKING_DAY_STARTS = dt.time(8, 0)
WORKING_DAY_ENDS = dt.time(18, 0)


def next_working_days(after: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = after
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


SERIES_MAX_WEEKS = 26  # half a year: a clinic rota is rarely fixed further ahead than that
SERIES_MAX_SLOTS = 400  # 26 weeks of a full 08:00 to 18:00 day in 15-minute slots is 1,040: more is a typo


def weekly_days(*, weekday: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """Every `weekday` (Monday is 0) from `first` to `last`, both included."""
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=7)
    return days


def series_times(*, day: dt.date, start: dt.time, end: dt.time, slot_minutes: int) -> list[dt.datetime]:
    """The start of each whole slot from `start` that ends by `end`, in London time (DST-safe:
    each is built from the wall-clock time, not by adding hours to a UTC instant)."""
    times, at = [], dt.datetime.combine(day, start)
    while at + dt.timedelta(minutes=slot_minutes) <= dt.datetime.combine(day, end):
        times.append(at.replace(tzinfo=LONDON))
        at += dt.timedelta(minutes=slot_minutes)
    return times
