"""A nurse works the team's worklist: takes an urgent PHQ-9 task, closes it only with a note, and closes
a red-flag text's task, which closes the text in the inbox too. axe on every page."""

from __future__ import annotations

import uuid

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Task
from rose.patients.services import task_create
from rose.patients.tests.factories import PatientFactory
from tests.system.conftest import assert_accessible, click_and_wait
from tests.system.test_platform_journeys import sign_in, totp_now

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_nurse_takes_and_closes_urgent_items_from_the_worklist(page, live_server, make_user, programme):
    # Given an urgent PHQ-9 task, a red-flag text and a routine task
    nurse = make_user(Role.NURSE, first_name="Nina", last_name="Nurse")
    device = TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    phq = task_create(patient=PatientFactory(programme=programme, given_name="Pat", family_name="Quest"),
                      kind="outcome_alert_phq9_item9", title="PHQ-9: thoughts of self-harm", priority="urgent")
    task_create(patient=PatientFactory(programme=programme), kind="callback", title="Call back about the leaflet")
    texter = texting_patient(programme, given_name="Ava", family_name="Texter")
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=texter.mobile,
                    body="I've taken all my tablets")
    sign_in(page, live_server, nurse)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    # When she opens the worklist, urgent items come first
    click_and_wait(page, page.get_by_role("link", name="Worklist").first)
    page.get_by_role("heading", name="Worklist", exact=True).wait_for()
    assert_accessible(page)
    first_row = page.locator("tbody tr").first.inner_text()
    assert "Urgent" in first_row
    # She takes the PHQ-9 task
    phq_row = page.locator("tbody tr", has_text="PHQ-9: thoughts of self-harm")
    click_and_wait(page, phq_row.get_by_role("button", name="Assign to me"))
    page.get_by_text("Task assigned to Nina Nurse").wait_for()
    assert_accessible(page)
    assert Task.objects.get(pk=phq.pk).assigned_to == nurse
    # Closing it without a note is refused with an error summary
    click_and_wait(page, page.get_by_role("link", name="PHQ-9: thoughts of self-harm"))
    page.get_by_role("heading", name="Close a task").wait_for()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Mark as done"))
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("What was done").fill("Rang Pat: safe, GP and crisis team told")
    click_and_wait(page, page.get_by_role("button", name="Mark as done"))
    page.get_by_text("Task marked as done").wait_for()
    assert Task.objects.get(pk=phq.pk).outcome_note == "Rang Pat: safe, GP and crisis team told"
    # Closing the red-flag text's task closes the text in the inbox too
    click_and_wait(page, page.get_by_role("link", name="Urgent: red-flag text from the patient", exact=False))
    page.get_by_text("also closes that text").wait_for()
    page.get_by_label("What was done").fill("Rang Ava: ambulance called")
    click_and_wait(page, page.get_by_role("button", name="Mark as done"))
    page.get_by_text("Task marked as done").wait_for()
    assert_accessible(page)
    assert Conversation.objects.get(patient=texter).status == "handled"
