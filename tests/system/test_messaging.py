"""A nurse works the text inbox; a demo user replies as the patient on the phone simulator.
axe on every page."""

from __future__ import annotations

import uuid

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import MessageStatus, OutboundMessage, ReplyTemplate
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient
from tests.system.conftest import assert_accessible, click_and_wait
from tests.system.test_platform_journeys import sign_in, totp_now

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_nurse_answers_a_red_flag_text_and_patient_replies_on_the_phone(page, live_server, make_user, programme):
    # Given a patient who has texted a red flag, a saved reply, a failed text and an unknown number
    nurse = make_user(Role.NURSE)
    device = TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    patient = texting_patient(programme, given_name="Ava", family_name="Texter")
    ReplyTemplate.objects.create(programme=programme, name="We will call", body="We will call you today.")
    message_schedule(patient=patient, purpose="checkin", body="How are you getting on?", respect_quiet_hours=False)
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                    body="really bad withdrawals, cant stop shaking")
    failed = message_schedule(patient=texting_patient(programme), purpose="checkin", body="x",
                              respect_quiet_hours=False)
    OutboundMessage.objects.filter(pk=failed.pk).update(status=MessageStatus.FAILED, failure_reason="Notify 400")
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number="+447700900444", body="hello?")
    sign_in(page, live_server, nurse)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    # When she opens the inbox the urgent conversation is there
    page.get_by_role("link", name="Inbox").first.click()
    page.get_by_role("heading", name="Inbox", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="TEXTER, Ava").click()
    page.get_by_role("heading", name="Texts with Ava Texter").wait_for()
    assert_accessible(page)
    assert page.get_by_text("Red flag text: severe withdrawal").first.is_visible()
    # The live counter works as she types
    page.get_by_label("Message", exact=True).fill("Thanks Ava, a nurse will ring you in 10 minutes. ê")
    page.get_by_text("text message part", exact=False).wait_for()
    assert "Unicode" in page.locator("#sms-count").inner_text()
    # An empty reply shows an error summary
    page.get_by_label("Message", exact=True).fill("")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("Saved reply (optional)").select_option(label="We will call")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Reply queued to send now").wait_for()
    assert_accessible(page)
    # An urgent conversation cannot be closed without saying what was done
    page.get_by_role("button", name="Mark as handled").click()
    page.get_by_text("Enter what was done").first.wait_for()
    assert_accessible(page)
    page.get_by_label("What was done").fill("Rang Ava; withdrawal plan reviewed with the prescriber")
    page.get_by_role("button", name="Mark as handled").click()
    page.get_by_text("Marked as handled").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/messaging/unknown-numbers/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/messaging/not-sent/")
    assert_accessible(page)
    # The demo user replies as the patient on the simulator's phone
    page.goto(f"{live_server.url}/messaging/phone/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Ava Texter's phone"))
    assert_accessible(page)
    page.get_by_label("Reply as the patient").fill("HELP")
    page.get_by_role("button", name="Send as the patient").click()
    page.get_by_text("Text sent as the patient").wait_for()
    assert_accessible(page)
    assert OutboundMessage.objects.filter(patient=patient, purpose="keyword_reply").exists()
