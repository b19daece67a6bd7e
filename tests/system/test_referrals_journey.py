"""Referral journey in a browser: a GP referrer fills every question page and sends the referral,
the coordinator accepts it, the patient appears on the waitlist and the referrer sees "Accepted".
axe runs on every page."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from tests.system.conftest import assert_accessible
from tests.system.test_platform_journeys import sign_in, totp_now

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(page, live_server, user)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def continue_(page, name="Save and continue"):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_referrer_submits_coordinator_accepts_patient_waitlisted_referrer_sees_accepted(
        page, live_server, make_user):
    referrer = make_user(Role.REFERRER)
    coordinator = make_user(Role.COORDINATOR, email="coord@rose.example")
    signed_in(page, live_server, referrer)
    page.goto(f"{live_server.url}/referrals/mine/")
    assert_accessible(page)
    continue_(page, "Start a new referral")
    # Patient details, with a wrong NHS number first: the other answers are kept
    page.get_by_label("NHS number").fill("999 000 0019")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Day").fill("10")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("1955")
    continue_(page)
    assert "not a valid NHS number" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("First name").input_value() == "Ada"
    page.get_by_label("NHS number").fill("999 000 0018")
    continue_(page)
    # Pain
    page.get_by_label("What is the patient's pain condition?").fill("Chronic low back pain")
    page.get_by_label("1 to 5 years").check()
    continue_(page)
    # Opioids: calculate without JavaScript, see the total and its source
    page.get_by_label("Medicine", exact=True).first.select_option("Morphine 10mg modified-release tablets")
    page.get_by_label("Number of tablets, capsules, ml or patches each time").first.fill("3")
    page.get_by_label("Times a day").first.fill("2")
    # With JavaScript the total appears as the referrer types (the staff API: the same engine)
    page.locator("#live-ome").get_by_text("60 mg oral morphine equivalent a day").wait_for()
    assert "Opioids Aware" in page.locator("#live-ome").inner_text()
    assert_accessible(page)
    continue_(page, "Calculate total OME")
    assert "60 mg a day" in page.locator("#ome-result").inner_text()
    continue_(page)
    # Other medicines
    page.get_by_role("heading", name="Other medicines").wait_for()
    page.locator("input[name='other_medicines'][value='gabapentinoid']").check()
    continue_(page)
    # Eligibility
    page.get_by_role("heading", name="Eligibility").wait_for()
    for code, answer in (("chronic_pain_3_months", "yes"), ("opioids_3_months", "yes"),
                         ("palliative_or_cancer", "no"), ("addiction_service_needed", "no"),
                         ("agrees_to_referral", "yes")):
        page.locator(f"input[name='{code}'][value='{answer}']").check()
    continue_(page)
    # Risks
    page.get_by_role("heading", name="Risks").wait_for()
    page.locator("input[name='risk_flags'][value='none']").check()
    continue_(page)
    # Reason and consent to texts
    page.get_by_label("Why are you referring the patient?").fill("Wants to reduce opioids")
    page.locator("input[name='consent_texts'][value='yes']").check()
    continue_(page)
    # Check your answers, then send
    page.get_by_role("heading", name="Check your answers before sending the referral").wait_for()
    continue_(page, "Send referral")
    page.get_by_role("heading", name="Referral sent").wait_for()
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("ROSE-")

    # The coordinator triages and accepts
    page.context.clear_cookies()
    signed_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/referrals/")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Accept and add to the waitlist").check()
    continue_(page, "Record decision")
    assert "Status: Accepted" in " ".join(page.locator("main").inner_text().split())
    page.goto(f"{live_server.url}/referrals/waitlist/")
    assert_accessible(page)
    assert "LOVELACE, Ada" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/referrals/reports/")
    assert_accessible(page)

    # The referrer sees "Accepted"
    page.context.clear_cookies()
    signed_in(page, live_server, referrer)
    page.goto(f"{live_server.url}/referrals/mine/")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("heading", name="Status: Accepted").wait_for()


def test_admin_token_page_is_accessible(page, live_server, make_user):
    admin = make_user(Role.ADMIN)
    signed_in(page, live_server, admin)
    page.goto(f"{live_server.url}/referrals/api-tokens/")
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(index=1)
    page.get_by_label("Name of the token").fill("EMIS")
    continue_(page, "Create token")
    page.get_by_text("Copy this token now").wait_for()
