"""Given/when/then journeys for the platform: two-factor sign-in, search, add a patient."""

from __future__ import annotations

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from tests.system.conftest import assert_accessible, click_and_wait

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def totp_now(device: TOTPDevice) -> str:
    import base64

    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def sign_in(page, live_server, user, password="correct-horse-battery"):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def test_staff_member_sets_up_two_factor_then_signs_in_with_a_code(page, live_server, make_user):
    # Given a nurse with no authenticator yet
    nurse = make_user(Role.NURSE)
    # When she signs in with her password
    sign_in(page, live_server, nurse)
    # Then she is asked to set up two-factor sign-in
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert_accessible(page)
    # When she enters a wrong code she sees an error summary
    page.get_by_label("Security code from your app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    # When she enters the right code from her app (once django-otp's throttle after the wrong code has passed:
    # the test clears it rather than waiting out its second)
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)
    device.throttle_reset()
    page.get_by_label("Security code from your app").fill(totp_now(device))
    page.get_by_role("button", name="Confirm").click()
    # Then she is shown her recovery codes once
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes").click()
    page.get_by_role("heading", name="ROSE opioid reduction service").wait_for()
    assert_accessible(page)


def test_coordinator_signs_in_and_finds_a_patient(page, live_server, make_user, programme):
    coordinator = make_user(Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    PatientFactory(programme=programme, given_name="Margaret", family_name="Hughes")
    sign_in(page, live_server, coordinator)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    click_and_wait(page, page.get_by_role("link", name="Patients").first)
    assert_accessible(page)
    page.get_by_label("Search by NHS number, name or date of birth").fill("hughes")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 patient found").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="HUGHES, Margaret").click()
    page.get_by_role("heading", name="Margaret Hughes").wait_for()
    assert_accessible(page)


def test_adding_a_patient_with_a_wrong_nhs_number_keeps_the_other_answers(page, live_server, make_user):
    coordinator = make_user(Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    sign_in(page, live_server, coordinator)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/patients/add/")
    assert_accessible(page)
    page.get_by_label("NHS number").fill("999 123 4568")
    page.get_by_label("First name").fill("Brian")
    page.get_by_label("Last name").fill("Cooper")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1958")
    page.get_by_role("button", name="Save patient").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    assert "This is not a valid NHS number" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("First name").input_value() == "Brian"
    assert page.get_by_label("Last name").input_value() == "Cooper"
    assert page.get_by_label("Year").input_value() == "1958"
