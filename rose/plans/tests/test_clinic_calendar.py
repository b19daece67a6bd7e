"""Working days and hours for clinics, and demo clinics inside them."""

from __future__ import annotations

import datetime as dt

from rose.plans.clinic_calendar import LONDON, is_working_day, next_working_days, within_working_hours
from rose.plans.demo import demo_slot_times


def test_christmas_2027_bank_holidays_and_the_weekend_are_not_working_days():
    # Christmas Day and Boxing Day 2027 fall at a weekend; the substitute days are Monday 27 and Tuesday 28.
    assert next_working_days(dt.date(2027, 12, 23), 2) == [dt.date(2027, 12, 24), dt.date(2027, 12, 29)]
    assert not is_working_day(dt.date(2027, 12, 27))


def test_a_slot_is_within_working_hours_only_on_a_working_day_between_8am_and_6pm_london_time():
    tuesday = dt.date(2027, 7, 6)
    assert within_working_hours(dt.datetime.combine(tuesday, dt.time(9, 0), tzinfo=LONDON), 30)
    assert within_working_hours(dt.datetime.combine(tuesday, dt.time(17, 30), tzinfo=LONDON), 30)
    assert not within_working_hours(dt.datetime.combine(tuesday, dt.time(17, 45), tzinfo=LONDON), 30)
    assert not within_working_hours(dt.datetime.combine(tuesday, dt.time(7, 30), tzinfo=LONDON), 30)
    # 07:30 UTC in summer is 08:30 in London
    assert within_working_hours(dt.datetime(2027, 7, 6, 7, 30, tzinfo=dt.UTC), 30)
    assert not within_working_hours(dt.datetime.combine(dt.date(2027, 7, 10), dt.time(10, 0), tzinfo=LONDON), 30)


def test_demo_clinics_are_always_in_working_hours_whatever_day_the_demo_is_loaded():
    day = dt.date(2027, 12, 20)
    for offset in range(14):
        slots = demo_slot_times(day + dt.timedelta(days=offset))
        assert len(slots) == 3
        assert all(within_working_hours(starts_at, 30) for starts_at, _ in slots)
