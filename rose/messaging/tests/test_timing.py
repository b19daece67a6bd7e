"""Quiet hours and preferred hours in Europe/London across daylight-saving changes; text sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rose.messaging.sms import normalise_mobile, text_size
from rose.messaging.timing import LONDON, next_allowed_time


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(("when", "expected"), [
    (london(2026, 6, 1, 12, 0), london(2026, 6, 1, 12, 0)),  # inside the day: unchanged
    (london(2026, 6, 1, 21, 30), london(2026, 6, 2, 9, 0)),  # evening: next morning
    (london(2026, 6, 1, 7, 0), london(2026, 6, 1, 9, 0)),  # early: 9am the same day
    (london(2026, 6, 1, 20, 0), london(2026, 6, 2, 9, 0)),  # quiet hours start at 20:00 exactly
    (london(2026, 3, 28, 22, 0), london(2026, 3, 29, 9, 0)),  # night of the spring change (BST starts)
    (london(2026, 10, 24, 22, 0), london(2026, 10, 25, 9, 0)),  # night of the autumn change (GMT)
])
def test_quiet_hours_in_london_time(when, expected):
    result = next_allowed_time(when)
    assert result == expected
    assert result.astimezone(LONDON).hour == expected.hour


def test_spring_change_morning_is_9am_bst_which_is_8am_utc():
    result = next_allowed_time(london(2026, 3, 29, 3, 0))
    assert result == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)
    autumn = next_allowed_time(london(2026, 10, 25, 3, 0))
    assert autumn == dt.datetime(2026, 10, 25, 9, 0, tzinfo=dt.UTC)


def test_patient_preferred_hours_narrow_the_window():
    kwargs = {"contact_from": dt.time(17, 0), "contact_until": dt.time(19, 0)}
    assert next_allowed_time(london(2026, 6, 1, 10, 0), **kwargs) == london(2026, 6, 1, 17, 0)
    assert next_allowed_time(london(2026, 6, 1, 19, 30), **kwargs) == london(2026, 6, 2, 17, 0)


def test_preferred_hours_inside_quiet_hours_fall_back_to_quiet_hours():
    kwargs = {"contact_from": dt.time(22, 0), "contact_until": dt.time(23, 0)}
    assert next_allowed_time(london(2026, 6, 1, 21, 0), **kwargs) == london(2026, 6, 2, 9, 0)


def test_preferred_time_skipped_by_spring_change_moves_forward():
    kwargs = {"contact_from": dt.time(1, 30), "contact_until": dt.time(23, 0)}
    result = next_allowed_time(london(2026, 3, 29, 0, 30), **kwargs)
    assert result == london(2026, 3, 29, 9, 0)


def test_configurable_quiet_hours(settings):
    settings.ROSE_SMS_QUIET_START = "21:30"
    settings.ROSE_SMS_QUIET_END = "08:00"
    assert next_allowed_time(london(2026, 6, 1, 21, 0)) == london(2026, 6, 1, 21, 0)
    assert next_allowed_time(london(2026, 6, 1, 7, 0)) == london(2026, 6, 1, 8, 0)


@pytest.mark.parametrize(("body", "encoding", "fragments"), [
    ("a" * 160, "GSM-7", 1), ("a" * 161, "GSM-7", 2), ("a" * 306, "GSM-7", 2), ("a" * 307, "GSM-7", 3),
    ("€" * 80, "GSM-7", 1), ("€" * 81, "GSM-7", 2),  # extension characters count twice
    ("é" * 160, "GSM-7", 1), ("ê" * 70, "Unicode", 1), ("ê" * 71, "Unicode", 2), ("😀" * 35, "Unicode", 1),
    ("a" * 134 + "ê", "Unicode", 3),
])
def test_fragments_gsm7_and_unicode(body, encoding, fragments, settings):
    settings.ROSE_SMS_FRAGMENT_COST_PENCE = "2.4"
    size = text_size(body)
    assert (size.encoding, size.fragments) == (encoding, fragments)
    assert size.cost_pence == Decimal("2.4") * fragments


def test_over_918_characters_is_too_long():
    assert text_size("a" * 918).too_long is False
    assert text_size("a" * 919).too_long is True


@pytest.mark.parametrize(("raw", "e164"), [("07700 900123", "+447700900123"), ("+44 7700 900123", "+447700900123"),
                                           ("447700900123", "+447700900123"), ("not a number", ""), ("", "")])
def test_normalise_mobile(raw, e164):
    assert normalise_mobile(raw) == e164
