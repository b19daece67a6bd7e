"""Recurring clinics: a weekly series of slots, England bank holidays skipped, overlaps refused,
out-of-hours confirmed; coordinators publish for a prescribing clinician."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login_verified
from rose.accounts.roles import Role
from rose.plans import services
from rose.plans.clinic_calendar import LONDON, series_times, weekly_days
from rose.plans.models import ClinicSlot
from rose.plans.services.clinics import slot_series_create
from rose.plans.tests.factories import prescriber_for
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 8, 9, 0, tzinfo=LONDON)  # a Monday, before every date used here


def _series(actor, clinician, **overrides):
    kwargs = dict(weekday=0, start=dt.time(9, 0), end=dt.time(10, 0), slot_minutes=30,
                  first=dt.date(2027, 4, 26), last=dt.date(2027, 5, 10), mode="telephone")
    kwargs.update(overrides)
    with time_machine.travel(NOW, tick=False):
        return slot_series_create(actor=actor, clinician=clinician, **kwargs)


def _local_starts(clinician) -> list[tuple[dt.date, dt.time]]:
    return [(s.starts_at.astimezone(LONDON).date(), s.starts_at.astimezone(LONDON).time())
            for s in ClinicSlot.objects.filter(clinician=clinician).order_by("starts_at")]


def test_weekly_days_and_series_times_are_wall_clock_times_across_the_clock_change():
    assert weekly_days(weekday=1, first=dt.date(2027, 3, 22), last=dt.date(2027, 4, 6)) == [
        dt.date(2027, 3, 23), dt.date(2027, 3, 30), dt.date(2027, 4, 6)]
    # 30 March 2027 is after the clocks go forward (28 March): still 9:00 in London, 8:00 UTC
    times = series_times(day=dt.date(2027, 3, 30), start=dt.time(9, 0), end=dt.time(12, 0), slot_minutes=30)
    assert [t.astimezone(LONDON).time() for t in times] == [dt.time(9, 0), dt.time(9, 30), dt.time(10, 0),
                                                             dt.time(10, 30), dt.time(11, 0), dt.time(11, 30)]
    assert times[0].astimezone(dt.UTC).hour == 8
    # a slot that would run past the end is not made
    assert len(series_times(day=dt.date(2027, 3, 30), start=dt.time(9, 0), end=dt.time(10, 20),
                            slot_minutes=30)) == 2


def test_a_series_skips_the_early_may_bank_holiday_and_says_so(programme):
    prescriber = prescriber_for(programme)
    result = _series(prescriber, prescriber)
    # Mondays 26 April, 3 May (Early May bank holiday) and 10 May 2027, two 30-minute slots each
    assert _local_starts(prescriber) == [(dt.date(2027, 4, 26), dt.time(9, 0)), (dt.date(2027, 4, 26), dt.time(9, 30)),
                                         (dt.date(2027, 5, 10), dt.time(9, 0)), (dt.date(2027, 5, 10), dt.time(9, 30))]
    assert [day for day, _ in result.skipped] == [dt.date(2027, 5, 3)]
    assert "May" in result.skipped[0][1]
    assert len(result.slots) == 4


def test_a_series_that_overlaps_the_clinicians_other_slot_publishes_nothing(programme):
    prescriber = prescriber_for(programme)
    with time_machine.travel(NOW, tick=False):
        services.slot_create(actor=prescriber, starts_at=dt.datetime(2027, 5, 10, 9, 45, tzinfo=LONDON),
                             duration_minutes=30, mode="video")
    with pytest.raises(ValidationError, match="already has a clinic slot"):
        _series(prescriber, prescriber)
    assert ClinicSlot.objects.count() == 1  # all or nothing
    # another clinician's slots at the same time are no clash
    colleague = prescriber_for(programme)
    assert len(_series(prescriber, colleague).slots) == 4


def test_a_single_slot_that_overlaps_is_refused_and_one_that_follows_on_is_not(programme):
    prescriber = prescriber_for(programme)
    ten = dt.datetime(2027, 3, 10, 10, 0, tzinfo=LONDON)
    with time_machine.travel(NOW, tick=False):
        services.slot_create(actor=prescriber, starts_at=ten, duration_minutes=30, mode="video")
        for clash in (ten, ten + dt.timedelta(minutes=15), ten - dt.timedelta(minutes=15)):
            with pytest.raises(ValidationError, match="already has a clinic slot"):
                services.slot_create(actor=prescriber, starts_at=clash, duration_minutes=30, mode="video")
        services.slot_create(actor=prescriber, starts_at=ten + dt.timedelta(minutes=30), duration_minutes=30,
                             mode="video")
        services.slot_create(actor=prescriber, starts_at=ten - dt.timedelta(minutes=30), duration_minutes=30,
                             mode="video")
    assert ClinicSlot.objects.count() == 3


def test_a_series_is_bounded_to_26_weeks(programme):
    prescriber = prescriber_for(programme)
    with pytest.raises(ValidationError, match="26 weeks"):
        _series(prescriber, prescriber, first=dt.date(2027, 4, 5), last=dt.date(2027, 10, 5))


def test_only_a_prescriber_can_hold_slots_and_a_nurse_cannot_publish(programme, make_user):
    coordinator, nurse = make_user(Role.COORDINATOR), make_user(Role.NURSE)
    with pytest.raises(ValidationError, match="prescribing clinician of this programme"):
        _series(coordinator, nurse)
    with pytest.raises(ValidationError, match="Only a prescribing clinician or a care coordinator"):
        _series(nurse, prescriber_for(programme))
    assert len(_series(coordinator, prescriber_for(programme)).slots) == 4


def test_series_page_roles(client_for):
    check_roles(client_for, reverse("plans:slot_series_create"), [Role.PRESCRIBER, Role.COORDINATOR])


def _post(**overrides):
    data = {"clinician": "", "weekday": "1", "start": "09:00", "end": "12:00", "slot_minutes": "30",
            "first_day": "4", "first_month": "5", "first_year": "2027",
            "last_day": "25", "last_month": "5", "last_year": "2027", "mode": "in_person", "location": "Room 4"}
    data.update(overrides)
    return data


def test_a_coordinator_publishes_every_tuesday_for_a_clinician_and_is_told_what_was_skipped(client_for, programme):
    prescriber = prescriber_for(programme)
    client = client_for(Role.COORDINATOR)
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        page = client.post(reverse("plans:slot_series_create"), _post())
        assert page.status_code == 200 and "Select the clinician who will see the patients" in page.content.decode()
        assert not ClinicSlot.objects.exists()
        page = client.post(reverse("plans:slot_series_create"), _post(clinician=str(prescriber.pk)), follow=True)
    html = page.content.decode()
    # Tuesdays 4, 11, 18 and 25 May 2027, 9am to 12pm: six 30-minute slots each
    assert "24 clinic slots published on 4 days" in html
    assert ClinicSlot.objects.filter(clinician=prescriber, location="Room 4").count() == 24
    assert "Bank holidays skipped" not in html
    # Mondays over the Spring bank holiday (31 May 2027)
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        page = client.post(reverse("plans:slot_series_create"), _post(
            clinician=str(prescriber.pk), weekday="0", end="10:00", first_day="24", last_day="7", last_month="6"),
            follow=True)
    assert "Bank holidays skipped: 31 May 2027 (Spring Bank Holiday)" in page.content.decode()


def test_a_clinic_outside_working_hours_needs_confirming(client_for, programme):
    client = client_for(Role.PRESCRIBER, professional_register="GMC", registration_number="1234567")
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        for extra in ({"weekday": "5"}, {"end": "19:00"}, {"start": "07:30"}):
            page = client.post(reverse("plans:slot_series_create"), _post(**extra))
            assert page.status_code == 200, extra
            assert "outside working hours" in page.content.decode()
        assert not ClinicSlot.objects.exists()
        page = client.post(reverse("plans:slot_series_create"), _post(weekday="5", out_of_hours="on"))
    assert page.status_code == 302
    assert ClinicSlot.objects.filter(clinician=client.user).count() == 18  # Saturdays 8, 15 and 22 May 2027


@pytest.mark.parametrize(("overrides", "message"), [
    ({"start": "25:99"}, "Enter the clinic start time as hours and minutes"),
    ({"end": "08:00"}, "at least one appointment after the start time"),
    ({"weekday": "9"}, "Select a valid option for day of the week"),
    ({"first_month": "13"}, "must be a real date"),
    ({"last_day": "3", "last_month": "12"}, "within 26 weeks"),
    ({"last_day": "1"}, "same as or after the first date"),
    ({"mode": "in_person", "location": ""}, "Enter where the appointments are"),
    ({"slot_minutes": "7"}, "Select a valid option for length of each appointment"),
    ({"clinician": "not-an-id"}, "Select a valid option for clinician"),
    ({"first_year": "2026", "first_month": "1"}, "today or in the future"),
])
def test_bad_series_input_is_explained_not_a_server_error_and_the_input_is_kept(client_for, overrides, message):
    client = client_for(Role.PRESCRIBER, professional_register="GMC", registration_number="1234568")
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        page = client.post(reverse("plans:slot_series_create"), _post(**overrides))
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html and message in html
    assert 'value="Room 4"' in html or overrides.get("location") == ""
    assert not ClinicSlot.objects.exists()


def test_the_single_slot_form_lets_a_coordinator_choose_the_clinician(client_for, programme):
    prescriber = prescriber_for(programme)
    client = client_for(Role.COORDINATOR)
    data = {"clinician": str(prescriber.pk), "day_day": "10", "day_month": "3", "day_year": "2027",
            "start": "09:30", "duration_minutes": "30", "mode": "telephone", "location": ""}
    with time_machine.travel(NOW, tick=False):
        login_verified(client, client.user)
        assert client.post(reverse("plans:slot_create"), data).status_code == 302
        page = client.post(reverse("plans:slot_create"), {**data, "start": "09:45"})
    assert "already has a clinic slot" in page.content.decode()
    assert ClinicSlot.objects.get().clinician == prescriber
