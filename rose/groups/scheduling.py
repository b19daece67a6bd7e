"""Pure date logic: weekly session dates that skip England and Wales bank holidays."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rose.core.working_time import is_bank_holiday

LONDON = ZoneInfo("Europe/London")


def weekly_dates(start: dt.date, count: int) -> list[dt.date]:
    """`count` dates a week apart from `start`; a date on a bank holiday moves on one week
    and the rest of the course moves with it, so sessions stay in order a week apart."""
    dates: list[dt.date] = []
    day = start
    while len(dates) < count:
        if not is_bank_holiday(day):
            dates.append(day)
        day += dt.timedelta(days=7)
    return dates


def local_datetime(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=LONDON)
