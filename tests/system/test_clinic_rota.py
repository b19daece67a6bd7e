"""Given/when/then: a coordinator publishes a weekly clinic, finds a day and a clinician's clinics, books a
patient who needs a clinic and changes what another waiting patient needs; axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from rose.accounts.roles import Role
from rose.core.working_time import is_bank_holiday
from rose.patients.tests.factories import PatientFactory
from rose.plans.models import ClinicSlot
from tests.system.conftest import assert_accessible, click_and_wait
from tests.system.test_plans_journey import act_as, fill_date

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_weekly_clinic_from_publishing_to_booking(page, live_server, make_user, programme):
    from rose.referrals.tests.factories import WaitlistEntryFactory

    prescriber = make_user(Role.PRESCRIBER, first_name="Asha", last_name="Patel")
    coordinator = make_user(Role.COORDINATOR)
    WaitlistEntryFactory(patient=PatientFactory(programme=programme, given_name="Margaret", family_name="Hughes"),
                         pathway="one_to_one")
    group_only = WaitlistEntryFactory(patient=PatientFactory(programme=programme, given_name="Gwen",
                                                             family_name="Jones"), pathway="group")
    first = timezone.localdate() + dt.timedelta(days=7)
    last = first + dt.timedelta(weeks=3)

    # Given a coordinator who publishes a clinic on the same weekday as `first`, 9am to 11am, for 4 weeks
    act_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/plans/clinics/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Publish a series of slots"))
    assert_accessible(page)
    page.get_by_role("button", name="Publish the series").click()  # empty: errors, nothing lost
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Clinician").select_option(label="Asha Patel")
    page.locator(f"input[name=weekday][value='{first.weekday()}']").check()
    page.get_by_label("Clinic start time").fill("09:00")
    page.get_by_label("Clinic end time").fill("11:00")
    page.locator("input[name=slot_minutes][value='30']").check()
    fill_date(page, "first", first)
    fill_date(page, "last", last)
    page.get_by_label("Telephone").check()
    if first.weekday() >= 5:
        page.get_by_label("Yes, this clinic is outside working hours on purpose").check()
    page.get_by_role("button", name="Publish the series").click()
    page.get_by_text(re.compile(r"clinic slots published on \d days for Asha Patel")).wait_for()
    assert_accessible(page)
    days = [first + dt.timedelta(weeks=n) for n in range(4) if not is_bank_holiday(first + dt.timedelta(weeks=n))]
    assert ClinicSlot.objects.filter(clinician=prescriber).count() == 4 * len(days)

    # When they look at the first day and book the patient who needs a clinic
    page.goto(f"{live_server.url}/plans/clinics/?date={days[0].isoformat()}")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Next day"))
    assert page.get_by_role("heading", name=re.compile("Clinics on")).is_visible()
    click_and_wait(page, page.get_by_role("link", name=re.compile("Book a clinic appointment")).first)
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name=re.compile("Book Margaret Hughes")).first)
    assert_accessible(page)
    assert page.get_by_text("Gwen Jones").count() == 0  # needs a group course only
    page.get_by_role("button", name="Book appointment").click()
    page.get_by_text("Margaret Hughes booked").wait_for()

    # Then the programme waitlist says which was booked and what the other needs, and it can be changed
    page.goto(f"{live_server.url}/referrals/waitlist/")
    assert_accessible(page)
    page.get_by_text("Booked into a clinic").wait_for()
    assert page.get_by_role("link", name=re.compile("Offer a group place")).count() == 1
    click_and_wait(page, page.locator(f"a[href$='/{group_only.pk}/pathway/']"))
    assert_accessible(page)
    page.locator("input[name=pathway][value='both']").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("what they need is saved").wait_for()
    group_only.refresh_from_db()
    assert group_only.pathway == "both"
