"""Given/when/then journey for the group programme, with axe on every page visited."""

from __future__ import annotations

import base64
import datetime as dt

import pyotp
import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.groups import services
from rose.groups.models import Cohort, EnrolmentStatus, GroupSession
from rose.groups.tests.factories import make_waiting, next_monday
from tests.system.conftest import assert_accessible, click_and_wait

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Security code").fill(pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Groups").first.wait_for()


def visit(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)


def test_coordinator_runs_a_cohort_from_waitlist_to_completion(page, live_server, make_user, programme):
    # Given a coordinator, a nurse, an expert service user and three patients waiting
    coordinator = make_user(Role.COORDINATOR)
    nurse = make_user(Role.NURSE, first_name="Nina", last_name="Nurse")
    make_user(Role.PEER, first_name="Pat", last_name="Peer")
    first = make_waiting(programme, days_ago=60, given_name="Alice", family_name="Alpha")
    second = make_waiting(programme, days_ago=40, given_name="Brenda", family_name="Bravo")
    third = make_waiting(programme, days_ago=20, given_name="Colin", family_name="Charlie")
    sign_in(page, live_server, coordinator)

    # When she plans a cohort of two places, first forgetting the venue
    click_and_wait(page, page.get_by_role("link", name="Groups").first)
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Plan a cohort"))
    assert_accessible(page)
    start = next_monday(3)
    page.get_by_label("Cohort name").fill("Journey cohort")
    page.get_by_label("Course").select_option(label="ROSE six-week course")
    page.get_by_label("Day").fill(str(start.day))
    page.get_by_label("Month").fill(str(start.month))
    page.get_by_label("Year").fill(str(start.year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Places").fill("2")
    page.get_by_role("button", name="Save cohort").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Venue address (optional if online)").fill("Community Room, 1 Example Street")
    page.get_by_label("Specialist nurse (optional)").select_option(label=str(nurse))
    page.get_by_role("button", name="Save cohort").click()
    # Then the cohort has six sessions and warns that no expert service user is facilitating
    page.get_by_role("heading", name="Journey cohort").wait_for()
    assert_accessible(page)
    page.get_by_text("No expert service user is facilitating this cohort yet").wait_for()
    cohort = Cohort.objects.get(name="Journey cohort")
    assert cohort.sessions.count() == 6

    # When she offers the free places to the longest waiting and both accept
    page.get_by_role("button", name="Offer all free places to the longest waiting").click()
    page.get_by_text("2 places offered").wait_for()
    assert_accessible(page)
    for name in ("Alice Alpha", "Brenda Bravo"):
        page.get_by_role("link", name=f"Record answer for {name}").click()
        page.get_by_role("heading", name=f"Answer to the offer for {name}").wait_for()
        assert_accessible(page)
        # The first radio shares its id with the radios container (core formrender), so pick by value.
        page.locator('input[name="answer"][value="accept"]').check()
        page.get_by_role("button", name="Save answer").click()
        page.get_by_text("Answer recorded").wait_for()
    assert_accessible(page)

    # When Brenda withdraws with a reason
    click_and_wait(page, page.get_by_role("link", name="Withdraw Brenda Bravo"))
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw from the course").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Why is the patient withdrawing?").fill("Started a new job")
    page.get_by_role("button", name="Withdraw from the course").click()
    page.get_by_text("Withdrawn and returned to the waitlist").wait_for()
    assert_accessible(page)
    # Then the next person on the waitlist is offered the place automatically
    assert cohort.enrolments.get(patient=third.patient).status == EnrolmentStatus.OFFERED
    assert cohort.enrolments.get(patient=second.patient).status == EnrolmentStatus.WITHDRAWN
    page.get_by_role("link", name="Record answer for Colin Charlie").wait_for()

    # Given the course has run (sessions moved into the past) and three registers are recorded
    offset = timezone.now() - dt.timedelta(days=36) - GroupSession.objects.filter(cohort=cohort).earliest(
        "starts_at").starts_at
    for session in GroupSession.objects.filter(cohort=cohort):
        GroupSession.objects.filter(pk=session.pk).update(starts_at=session.starts_at + offset)
    Cohort.objects.filter(pk=cohort.pk).update(start_date=timezone.localdate() - dt.timedelta(days=36))
    alice = cohort.enrolments.get(patient=first.patient)
    sessions = list(GroupSession.objects.filter(cohort=cohort).order_by("starts_at"))
    for session in sessions[:3]:
        services.register_record(session=session, actor=nurse, took_place=True,
                                 statuses={str(alice.pk): "attended"})
    # When she records the fourth register
    visit(page, live_server, f"/groups/sessions/{sessions[3].pk}/register/")
    page.locator('input[name="took_place"][value="yes"]').check()
    page.get_by_role("group", name="Alice Alpha").get_by_label("Attended late").check()
    page.get_by_label("Facilitator notes (optional)").fill("Good session on graded activity")
    page.get_by_role("button", name="Save register").click()
    page.get_by_text("Register saved").wait_for()
    assert_accessible(page)
    # Then Alice has completed the course (4 of 6)
    page.get_by_text("Completed").first.wait_for()
    visit(page, live_server, f"/groups/cohorts/{cohort.pk}/print/")
    visit(page, live_server, "/groups/reports/")
    page.get_by_text("Journey cohort").first.wait_for()
    visit(page, live_server, f"/groups/sessions/{sessions[5].pk}/move/")
    visit(page, live_server, f"/groups/sessions/{sessions[5].pk}/cancel/")
    visit(page, live_server, f"/groups/cohorts/{cohort.pk}/change/")
    visit(page, live_server, f"/patients/{first.patient.pk}/")


def test_expert_service_user_sees_their_cohort_and_calendar(page, live_server, make_user, programme):
    peer = make_user(Role.PEER)
    course = services.course_default_for_programme(programme=programme)
    cohort = services.cohort_create(actor=None, programme=programme, course=course, name="Peer cohort",
                                    start_date=next_monday(), start_time=dt.time(10), venue_address="Hall",
                                    capacity=12, peer=peer)
    entry = make_waiting(programme, given_name="Dora", family_name="Delta")
    services.enrolment_accept(enrolment=services.enrolment_offer(cohort=cohort, entry=entry))
    sign_in(page, live_server, peer)
    click_and_wait(page, page.get_by_role("link", name="Groups").first)
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Peer cohort"))
    assert_accessible(page)
    page.get_by_text("Dora").first.wait_for()
    assert "Delta" not in page.content()
    visit(page, live_server, "/groups/my-calendar/")
    page.get_by_role("button", name="Create a calendar link").click()
    page.get_by_text("Your new calendar link").wait_for()
    assert_accessible(page)


def test_nurse_adds_a_course_template(page, live_server, make_user, programme):
    # Given a specialist nurse on the group courses page
    nurse = make_user(Role.NURSE)
    sign_in(page, live_server, nurse)
    click_and_wait(page, page.get_by_role("link", name="Groups").first)
    click_and_wait(page, page.get_by_role("link", name="Course templates"))
    assert_accessible(page)
    # When she adds a course, first giving a session a length but no topic
    click_and_wait(page, page.get_by_role("link", name="Add a course"))
    assert_accessible(page)
    page.get_by_label("Course name").fill("Evening course")
    page.get_by_label("Session 1 topic").fill("Welcome")
    page.get_by_label("Session 1 length in minutes").fill("90")
    page.get_by_label("Session 2 length in minutes").fill("90")
    page.get_by_role("button", name="Save course").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    assert page.get_by_label("Course name").input_value() == "Evening course"  # nothing lost
    page.get_by_label("Session 2 topic").fill("Pacing")
    page.get_by_label("Sessions a patient must attend to complete the course").fill("2")
    page.get_by_role("button", name="Save course").click()
    # Then it is listed with its two sessions, ready for new cohorts
    page.get_by_text("Evening course saved with 2 sessions").wait_for()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Change Evening course"))
    assert_accessible(page)
