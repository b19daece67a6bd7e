"""Browser journeys for the education hub and the patient portal, with axe on every page type."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import login_verified
from rose.accounts.roles import Role
from rose.groups.tests.factories import make_cohort, make_enrolled
from rose.hub.models import ArticlePage
from rose.hub.setup import hub_setup
from rose.hub.tests.factories import assignment
from rose.patients.access_links import access_link_create
from rose.plans.tests.factories import approved_plan
from tests.system.conftest import assert_accessible, click_and_wait

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub(db):
    return hub_setup()


def sign_in_as(page, live_server, user) -> None:
    client = login_verified(Client(), user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def open_portal(page, live_server, patient) -> None:
    token = access_link_create(patient=patient, purpose="portal")
    page.goto(f"{live_server.url}/p/{token}")
    assert_accessible(page)
    dob = patient.date_of_birth
    page.get_by_label("Day").fill(str(dob.day))
    page.get_by_label("Month").fill(str(dob.month))
    page.get_by_label("Year").fill(str(dob.year))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=f"Hello {patient.known_as}").wait_for()


def test_a_member_of_the_public_reads_the_hub_and_searches_it(hub, visit, page):
    # Given the hub home page
    visit("/learn/")
    # When they choose the patients' section and a course session page
    page.get_by_role("link", name="For patients").click()
    page.get_by_role("heading", name="For patients").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Pacing: doing a bit, often").click()
    page.get_by_role("heading", name="Pacing: doing a bit, often").wait_for()
    assert_accessible(page)
    # Then it is marked as demo content and shows its sources and review dates
    page.get_by_text("Demo content: needs clinical review").first.wait_for()
    page.get_by_text("Next review due").wait_for()
    # And an article page and the clinicians' section pass axe too
    visit("/learn/patients/how-opioids-work/")
    visit("/learn/clinicians/")
    visit("/learn/clinicians/ome-and-thresholds/")
    # When they search
    visit("/hub-search/?q=sleep")
    page.get_by_role("link", name="Sleeping better with pain").wait_for()
    visit("/hub-search/?q=zzzznothing")
    page.get_by_text("No pages matched").wait_for()


def test_a_patient_opens_the_portal_from_a_text_and_asks_for_a_call_back(hub, page, live_server, programme):
    # Given an enrolled patient with an approved plan and a page to read
    cohort = make_cohort(programme)
    patient = make_enrolled(cohort, 1)[0].patient
    approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=1))
    assignment(patient=patient, page=ArticlePage.objects.get(slug="reducing-safely"))
    # When they open the link from a text and enter their date of birth
    open_portal(page, live_server, patient)
    assert_accessible(page)
    page.get_by_role("heading", name="Your next change").wait_for()
    # And mark the page as read
    page.get_by_role("button", name='I have read "Reducing your opioids safely"').click()
    page.get_by_text("You have finished 1 of 1 page").wait_for()
    assert_accessible(page)
    # When they ask for a call back without choosing, they see an error summary
    click_and_wait(page, page.get_by_role("link", name="Ask the team to call you back"))
    assert_accessible(page)
    page.get_by_role("button", name="Ask for a call back").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Withdrawal symptoms or side effects").check()
    page.locator("input[name=best_time][value=morning]").check()
    page.get_by_role("button", name="Ask for a call back").click()
    page.get_by_role("heading", name="We will call you back").wait_for()
    assert_accessible(page)


def test_a_used_link_is_refused_with_a_way_to_ask_for_another(hub, page, live_server, patient):
    token = access_link_create(patient=patient, purpose="portal")
    Client().post(f"/p/{token}", {"date_of_birth_day": patient.date_of_birth.day,
                                  "date_of_birth_month": patient.date_of_birth.month,
                                  "date_of_birth_year": patient.date_of_birth.year})
    page.goto(f"{live_server.url}/p/{token}")
    page.get_by_text("This link has already been used").wait_for()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Ask for a new link"))
    assert_accessible(page)
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("heading", name="Open your link again").wait_for()
    assert_accessible(page)


def test_a_nurse_assigns_a_learning_page_and_an_editor_checks_reviews(hub, page, live_server, make_user, patient):
    nurse = make_user(Role.NURSE)
    sign_in_as(page, live_server, nurse)
    page.goto(f"{live_server.url}/staff-hub/patients/{patient.pk}/learning/")
    assert_accessible(page)
    page.get_by_role("button", name="Assign page").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Which page should the patient read?").select_option(label="Pacing: doing a bit, often")
    page.get_by_role("button", name="Assign page").click()
    page.get_by_role("table").get_by_role("link", name="Pacing: doing a bit, often").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff-hub/reviews/")
    page.get_by_role("heading", name="Hub pages due for clinical review").wait_for()
    assert_accessible(page)
