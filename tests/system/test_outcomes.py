"""A patient answers questionnaires from a text link; staff see the outcome pages. axe on every page."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.outcomes import services, summaries
from rose.outcomes.models import Response
from rose.outcomes.tests.factories import answer, invite, response
from rose.patients.models import Task
from rose.patients.tests.factories import PatientFactory
from tests.system.conftest import assert_accessible, click_and_wait
from tests.system.test_platform_journeys import sign_in, totp_now

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def texts(monkeypatch):
    sent = []
    monkeypatch.setattr(services.invitations, "_message_schedule", lambda **kw: sent.append(kw) or kw)
    monkeypatch.setattr(services.answers, "_plan_pause", lambda **kw: True)
    return sent


def test_patient_answers_from_a_text_link_and_sees_crisis_help(page, live_server, programme, texts):
    # Given a patient invited to the baseline questionnaires by text
    patient = PatientFactory(programme=programme)
    invitation = invite(patient)
    token = re.search(r"/p/([\w-]+)", texts[0]["body"]).group(1)
    # When they open the link, they are asked their date of birth before anything is shown
    page.goto(f"{live_server.url}/p/{token}")
    assert_accessible(page)
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1960")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Questions about how you are").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    # Then they answer one question per page; leaving one unanswered shows a clear error
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    for value in ("7", "6", "5"):
        page.get_by_label(value, exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("PHQ-9: set 2 of 4").wait_for()
    assert_accessible(page)
    peg = response(invitation, "peg")
    assert str(peg.score) == "6.00"
    # When they answer PHQ-9 question 9 above 0, they see crisis help at once
    phq = response(invitation, "phq9")
    page.goto(f"{live_server.url}/outcomes/q/{invitation.pk}/{phq.pk}/9/")
    assert_accessible(page)
    page.get_by_label("Several days").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Help is available now").wait_for()
    assert_accessible(page)
    assert page.get_by_text("116 123").count() >= 1
    assert Task.objects.filter(patient=patient, priority="urgent").count() == 1
    # And the grouped Sleep Condition Indicator page shows its attribution
    sci = response(invitation, "sci")
    page.goto(f"{live_server.url}/outcomes/q/{invitation.pk}/{sci.pk}/1/")
    assert_accessible(page)
    assert page.get_by_text("CC BY-NC").count() == 1
    page.goto(f"{live_server.url}/outcomes/q/{invitation.pk}/done/")
    assert_accessible(page)


def test_staff_pages_are_accessible(page, live_server, make_user, programme, texts):
    nurse = make_user(Role.NURSE)
    device = TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    patient = PatientFactory(programme=programme)
    base = invite(patient, "baseline", send=False)
    follow = invite(patient, "month_3", send=False)
    answer(base, "peg", {"p": 8, "e": 8, "g": 8})
    answer(follow, "peg", {"p": 4, "e": 4, "g": 4})
    summaries.refresh_programme(programme.pk)
    sign_in(page, live_server, nurse)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Outcomes").first.click()
    page.get_by_role("heading", name="Outcomes", exact=True).wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/outcomes/?dimension=practice&period=all")
    assert_accessible(page)
    page.goto(f"{live_server.url}/outcomes/patients/{patient.pk}/")
    assert_accessible(page)
    phq = response(base, "phq9")
    click_and_wait(page, page.get_by_role("link", name="Enter answers from a phone call for PHQ-9, Baseline"))
    assert_accessible(page)
    page.get_by_role("button", name="Save answers").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.get_by_label("I read these questions to the patient").check()
    page.get_by_role("button", name="Save answers").click()
    page.get_by_role("heading", name="Questionnaires and outcomes").wait_for()
    phq.refresh_from_db()
    assert phq.mode == Response.Mode.PHONE


def test_evaluator_export_page_is_accessible(page, live_server, make_user, programme):
    evaluator = make_user(Role.EVALUATOR)
    device = TOTPDevice.objects.create(user=evaluator, name="app", confirmed=True)
    sign_in(page, live_server, evaluator)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/outcomes/")
    assert_accessible(page)
    page.get_by_role("link", name="Download de-identified data for evaluation").click()
    page.get_by_role("heading", name="Data for evaluators").wait_for()
    assert_accessible(page)


def test_a_nurse_texts_a_one_to_one_baseline_link_by_hand(page, live_server, make_user, programme):
    from django.utils import timezone

    from rose.messaging.models import OutboundMessage
    from rose.messaging.tests.factories import texting_patient
    from rose.plans.tests.factories import draft_plan

    # Given a patient on the one-to-one pathway whose plan was drafted today, not yet reached by the hourly job
    nurse = make_user(Role.NURSE)
    device = TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    patient = texting_patient(programme)
    draft_plan(patient, start=timezone.localdate() + timezone.timedelta(days=10))
    sign_in(page, live_server, nurse)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    # When the nurse opens the questionnaires page and asks to send a link
    page.goto(f"{live_server.url}/outcomes/patients/{patient.pk}/")
    click_and_wait(page, page.get_by_role("link", name="Send a questionnaire link"))
    page.get_by_role("heading", name="Send a questionnaire link").wait_for()
    assert_accessible(page)
    # Then sending without a choice says what to do
    page.get_by_role("button", name="Send the link").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    # And choosing the one-to-one baseline texts a link and says so
    page.get_by_label(re.compile(r"Baseline \(one-to-one\), due")).check()
    page.get_by_role("button", name="Send the link").click()
    page.get_by_text("will be sent to the patient").wait_for()
    assert_accessible(page)
    assert OutboundMessage.objects.filter(patient=patient, purpose="questionnaire_by_hand").count() == 1
