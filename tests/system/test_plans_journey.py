"""Given/when/then: from booking a waitlisted patient to an approved plan and its PDFs, with axe on
every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from conftest import login_verified
from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans.clinic_calendar import next_working_days
from rose.plans.models import PlanDocument
from tests.system.conftest import assert_accessible, click_and_wait

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


# The first radio of a group is located by name and value: the shared field renderer gives the
# fieldset wrapper the same id as the first input, so its label does not resolve (reported to the lead).


def act_as(page, live_server, user):
    """Sign the browser in as `user` (password and TOTP are covered by the platform journeys)."""
    client = login_verified(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def test_booking_to_approved_plan_to_pdf(page, live_server, make_user, programme):
    from rose.referrals.tests.factories import WaitlistEntryFactory

    prescriber = make_user(Role.PRESCRIBER, first_name="Asha", last_name="Patel")
    coordinator = make_user(Role.COORDINATOR)
    patient = PatientFactory(programme=programme, given_name="Margaret", family_name="Hughes")
    WaitlistEntryFactory(patient=patient)
    # the next working day, so the 14:30 slot is inside working hours whatever day the test runs
    tomorrow = next_working_days(timezone.localdate(), 1)[0]

    # Given a prescriber who publishes a telephone slot for tomorrow
    act_as(page, live_server, prescriber)
    page.goto(f"{live_server.url}/plans/clinics/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Publish a clinic slot"))
    assert_accessible(page)
    page.get_by_role("button", name="Publish slot").click()  # empty: errors, nothing lost
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    fill_date(page, "day", tomorrow)
    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("Telephone").check()
    page.get_by_role("button", name="Publish slot").click()
    page.get_by_text("Clinic slot published").wait_for()

    # When the coordinator books the waitlisted patient into it
    act_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/plans/clinics/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name=re.compile("Book a patient")))
    assert_accessible(page)
    page.locator("input[name=entry]").first.check()
    page.get_by_role("button", name="Book appointment").click()
    page.get_by_text("Margaret Hughes booked").wait_for()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name=re.compile("Record outcome")))
    assert_accessible(page)
    page.locator("input[name=status][value=attended]").check()
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_text("Appointment outcome recorded").wait_for()

    # Then the prescriber records the consultation from the patient page
    act_as(page, live_server, prescriber)
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Record a consultation"))
    assert_accessible(page)
    page.get_by_label("No, I will enter what they take now").check()
    page.get_by_label("Medicine 1", exact=True).select_option("Morphine 30mg modified-release tablets")
    page.get_by_label("Tablets, capsules or patches a dose (1)").fill("1")
    page.get_by_label("Times a day (1, not for patches)").fill("2")
    page.get_by_label("Average pain in the past week (0 to 10)").fill("6")
    page.get_by_label("How much pain has interfered with enjoyment of life (0 to 10)").fill("5")
    page.get_by_label("How much pain has interfered with general activity (0 to 10)").fill("7")
    page.get_by_label("The patient's goals, in their own words").fill("Play with my grandchildren")
    for code in ("low_mood", "misuse", "sedation", "confusion", "pregnancy", "withdrawal"):
        page.locator(f"input[name=flag_{code}][value=no]").check()
    page.locator("input[name=decision][value=start_plan]").check()
    page.get_by_label("What you agreed together").fill("10% every two weeks")
    page.get_by_role("button", name="Save consultation").click()
    page.get_by_role("heading", name=re.compile("Consultation on")).wait_for()
    assert_accessible(page)

    # And drafts a plan: preview, then save (a draft, not for use)
    click_and_wait(page, page.get_by_role("link", name="Draft a reduction plan"))
    assert_accessible(page)
    page.locator("input[name=strategy][value=percent-of-original]").check()
    fill_date(page, "start_date", dt.date(2027, 1, 4))
    page.get_by_role("button", name="Preview the steps").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft plan").click()
    page.get_by_text("Draft: not for use").first.wait_for()
    assert_accessible(page)

    # And changes step 2 by hand without a reason: the error keeps the typed numbers
    click_and_wait(page, page.get_by_role("link", name="Change step 2"))
    assert_accessible(page)
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_text("Enter the reason for changing this step").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Reason for the change").fill("Patient prefers fewer tablets")
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_text("a new draft version was saved").wait_for()
    click_and_wait(page, page.get_by_role("link", name="Add a hold"))
    assert_accessible(page)
    page.get_by_label("Extra days at the same dose").fill("7")
    page.get_by_label("Reason").fill("Family wedding")
    page.get_by_role("button", name="Add hold").click()
    page.get_by_text("Hold added").wait_for()
    click_and_wait(page, page.get_by_role("link", name="Compare versions"))
    assert_accessible(page)

    # When the prescriber approves the latest version
    page.get_by_role("link", name="Back to the plan").click()
    click_and_wait(page, page.get_by_role("link", name=re.compile("Approve version")))
    assert_accessible(page)
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name="Approve plan").click()
    page.get_by_text("approved").first.wait_for()
    assert_accessible(page)

    # Then both PDFs are stored with the version and downloadable, with the right doses and dates
    link = page.get_by_role("link", name=re.compile(r"Your reduction plan \(for the patient\)"))
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.body().startswith(b"%PDF")
    patient_plan = PlanDocument.objects.get(kind="patient_plan")
    assert "Monday 4 January to Sunday 17 January:" in patient_plan.html
    assert "at 8am" in patient_plan.html and "at 8pm" in patient_plan.html
    assert "GMC 7000001" in PlanDocument.objects.get(kind="gp_letter").html

    # And the patient page shows the plan in progress
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    assert_accessible(page)
    page.get_by_text("Status: In progress").wait_for()
