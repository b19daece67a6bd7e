"""Invitations, the patient's pages from a text link, save and resume, bad input, alerts, reminders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rose.outcomes import services
from rose.outcomes.models import Invitation, InvitationTransition, Response
from rose.outcomes.selectors import due_questionnaires_for_patient
from rose.outcomes.tests.factories import answer, event, invite, response
from rose.patients.models import Task
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(monkeypatch):
    sent = []

    def fake(**kwargs):
        sent.append(kwargs)
        return kwargs

    monkeypatch.setattr(services.invitations, "_message_schedule", fake)
    return sent


@pytest.fixture
def paused(monkeypatch):
    calls = []
    monkeypatch.setattr(services.answers, "_plan_pause", lambda **kw: calls.append(kw) or True)
    return calls


def token_from(text: dict) -> str:
    return re.search(r"/p/([\w-]+)", text["body"]).group(1)


def open_link(client, text, dob="17/05/1960"):
    day, month, year = dob.split("/")
    return client.post(f"/p/{token_from(text)}", {"date_of_birth_day": day, "date_of_birth_month": month,
                                                  "date_of_birth_year": year})


def test_invitation_creates_a_response_per_instrument_and_texts_a_single_use_link(patient, texts):
    invitation = invite(patient)
    assert [r.instrument.code for r in invitation.responses.order_by("order")] == ["peg", "phq9", "gad7", "sci"]
    assert len(texts) == 1 and texts[0]["purpose"] == "questionnaire_invite" and texts[0]["related"] == invitation
    body = texts[0]["body"]
    assert patient.given_name not in body and patient.nhs_number not in body and "/p/" in body
    assert invitation.status == Invitation.Status.INVITED and invitation.invited_at
    assert InvitationTransition.objects.filter(invitation=invitation, to_status="invited").exists()


def test_schedule_window_follows_the_event(programme):
    baseline = event(programme, "baseline")
    opens, due, closes = services.event_window(event=baseline, anchor_date=dt.date(2026, 3, 10))
    assert (opens, due, closes) == (dt.date(2026, 2, 17), dt.date(2026, 3, 3), dt.date(2026, 3, 10))


def test_periodic_job_invites_only_inside_the_window(patient, texts, monkeypatch):
    today = timezone.localdate()
    monkeypatch.setitem(services.ANCHOR_PROVIDERS, "first_group_session", lambda p: today + dt.timedelta(days=10))
    monkeypatch.setitem(services.ANCHOR_PROVIDERS, "course_end", lambda p: today + dt.timedelta(days=60))
    monkeypatch.setitem(services.ANCHOR_PROVIDERS, "plan_start", lambda p: None)
    assert services.invitations_schedule_due(today=today) == 1
    assert services.invitations_schedule_due(today=today) == 0  # never twice
    assert Invitation.objects.get(patient=patient).event.code == "baseline"


def test_patient_answers_from_the_text_link_page_by_page_and_can_resume(client, patient, texts):
    invitation = invite(patient)
    reply = open_link(client, texts[0])
    start = reverse("outcomes:portal_start", kwargs={"invitation_id": invitation.pk})
    assert reply.status_code == 302 and reply["Location"] == start
    page = client.get(start)
    assert page.status_code == 200 and b"Start now" in page.content
    peg = response(invitation, "peg")
    first = reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": peg.pk,
                                                    "page_no": 1})
    reply = client.post(first, {"p": "7", "action": "save"})
    assert reply.status_code == 302
    assert peg.answers.get(item_code="p").value == 7  # saved at once
    # Coming back later resumes at the first unanswered page
    page = client.get(start)
    assert b"Continue answering" in page.content and f"{peg.pk}/2/".encode() in page.content
    client.post(reply["Location"], {"e": "6", "action": "save"})
    reply = client.post(reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk,
                                                                "response_id": peg.pk, "page_no": 3}),
                        {"g": "5", "action": "save"})
    peg.refresh_from_db()
    assert peg.completed_at and str(peg.score) == "6.00" and peg.instrument_version == "1"
    assert peg.mode == Response.Mode.PATIENT and peg.entered_by is None
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.IN_PROGRESS
    assert str(response(invitation, "phq9").pk) in reply["Location"]


def test_out_of_range_and_tampered_answers_are_refused_and_nothing_is_saved(client, patient, texts):
    invitation = invite(patient)
    open_link(client, texts[0])
    peg = response(invitation, "peg")
    url = reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": peg.pk, "page_no": 1})
    for bad in ("11", "-1", "seven", "3.5", "\x00", "9" * 5000):
        reply = client.post(url, {"p": bad, "action": "save"})
        assert reply.status_code == 200
        refused = (b"Select one of the answers shown", b"Remove the special characters")
        assert any(message in reply.content for message in refused), bad[:10]
    reply = client.post(url, {"action": "save"})
    assert b"Select an answer, or choose" in reply.content
    assert not peg.answers.exists()
    # An extra field for another question is ignored, not saved
    client.post(url, {"p": "4", "g": "10", "action": "save"})
    assert sorted(peg.answers.values_list("item_code", flat=True)) == ["p"]


def test_skipping_a_question_keeps_going_and_the_missing_item_rule_applies(client, patient, texts):
    invitation = invite(patient)
    open_link(client, texts[0])
    peg = response(invitation, "peg")
    steps = ((1, {"p": "5", "action": "save"}), (2, {"action": "skip"}), (3, {"g": "5", "action": "save"}))
    for page_no, data in steps:
        reply = client.post(reverse("outcomes:portal_page", kwargs={
            "invitation_id": invitation.pk, "response_id": peg.pk, "page_no": page_no}), data)
        if page_no == 2:  # skipping moves on to the next page, and resuming does not come back to it
            assert reply["Location"].endswith(f"{peg.pk}/3/")
    peg.refresh_from_db()
    assert peg.completed_at and peg.score is None and "1 of 3 questions unanswered" in peg.score_note


def test_another_patients_questionnaire_is_not_found(client, patient, programme, texts):
    invitation = invite(patient)
    other = invite(PatientFactory(programme=programme))
    open_link(client, texts[0])
    assert client.get(reverse("outcomes:portal_start", kwargs={"invitation_id": other.pk})).status_code == 404
    other_peg = response(other, "peg")
    url = reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": other_peg.pk,
                                                  "page_no": 1})
    assert client.get(url).status_code == 404
    too_far = reverse("outcomes:portal_page", kwargs={
        "invitation_id": invitation.pk, "response_id": response(invitation, "peg").pk, "page_no": 99})
    assert client.get(too_far).status_code == 404


def test_without_a_link_session_nothing_is_shown(client, patient, texts):
    invitation = invite(patient)
    assert client.get(reverse("outcomes:portal_start", kwargs={"invitation_id": invitation.pk})).status_code == 404


def test_reused_link_is_refused_clearly(client, patient, texts):
    invite(patient)
    open_link(client, texts[0])
    reply = open_link(client.__class__(), texts[0])
    assert reply.status_code == 410 and b"already been used" in reply.content


def test_expired_link_is_refused_clearly(client, patient, texts, time_machine):
    invite(patient)
    time_machine.move_to(timezone.now() + dt.timedelta(days=8))
    reply = client.get(f"/p/{token_from(texts[0])}")
    assert reply.status_code == 410 and b"expired" in reply.content


def test_wrong_date_of_birth_locks_the_link_after_three_tries(client, patient, texts):
    invite(patient)
    for _ in range(2):
        assert b"does not match" in open_link(client, texts[0], dob="01/01/1970").content
    reply = open_link(client, texts[0], dob="01/01/1970")
    assert reply.status_code == 403 and b"locked" in reply.content


def test_phq9_item9_raises_urgent_task_pauses_plan_and_shows_crisis_help_at_once(client, patient, texts, paused):
    invitation = invite(patient)
    open_link(client, texts[0])
    phq = response(invitation, "phq9")
    url = reverse("outcomes:portal_page", kwargs={"invitation_id": invitation.pk, "response_id": phq.pk, "page_no": 9})
    reply = client.post(url, {"q9": "1", "action": "save"})
    support = reverse("outcomes:portal_support", kwargs={"invitation_id": invitation.pk})
    assert reply.status_code == 302 and reply["Location"] == support
    page = client.get(support)
    for number in (b"999", b"111", b"option 2", b"116 123", b"Samaritans"):
        assert number in page.content
    task = Task.objects.get(patient=patient)
    assert task.priority == "urgent" and "question 9" in task.title
    assert paused and paused[0]["patient"] == patient
    # Answering again does not raise a second task
    client.post(url, {"q9": "2", "action": "save"})
    assert Task.objects.filter(patient=patient).count() == 1


def test_phq9_item9_of_zero_raises_nothing(patient, paused):
    invitation = invite(patient, send=False)
    answer(invitation, "phq9", {f"q{i}": 0 for i in range(1, 10)})
    assert not Task.objects.filter(patient=patient).exists() and not paused


def test_severe_phq9_and_gad7_scores_go_to_the_team_task_list(patient, paused):
    invitation = invite(patient, send=False)
    answer(invitation, "phq9", {f"q{i}": 3 for i in range(1, 9)} | {"q9": 0})  # 24
    answer(invitation, "gad7", {f"q{i}": 3 for i in range(1, 8)})  # 21
    tasks = Task.objects.filter(patient=patient).order_by("title")
    assert [t.priority for t in tasks] == ["normal", "normal"]
    assert "GAD-7" in tasks[0].title and "PHQ-9" in tasks[1].title
    assert not paused


def test_invitation_completes_when_every_questionnaire_is_answered(patient):
    invitation = invite(patient, send=False)
    answer(invitation, "peg", {"p": 5, "e": 5, "g": 5})
    answer(invitation, "phq9", {f"q{i}": 1 for i in range(1, 10)} | {"q9": 0})
    answer(invitation, "gad7", {f"q{i}": 1 for i in range(1, 8)})
    answer(invitation, "sci", {f"q{i}": 2 for i in range(1, 9)})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.COMPLETED and invitation.completed_at
    assert list(invitation.transitions.values_list("to_status", flat=True)) == ["invited", "in_progress", "completed"]
    assert not due_questionnaires_for_patient(patient=patient).exists()


def test_reminders_on_day_3_and_6_only_to_those_who_have_not_finished(patient, programme, texts):
    waiting = invite(patient)
    done_patient = PatientFactory(programme=programme)
    done = invite(done_patient)
    for code in ("peg", "phq9", "gad7", "sci"):
        services.response_complete(response=response(done, code))
    now = timezone.now()
    assert services.reminders_send(now=now + dt.timedelta(days=2)) == 0
    assert services.reminders_send(now=now + dt.timedelta(days=3, minutes=1)) == 1
    assert services.reminders_send(now=now + dt.timedelta(days=4)) == 0
    assert services.reminders_send(now=now + dt.timedelta(days=6, minutes=1)) == 1
    assert services.reminders_send(now=now + dt.timedelta(days=7)) == 0
    reminders = [t for t in texts if t["purpose"] == "questionnaire_reminder"]
    assert len(reminders) == 2 and all(t["patient"] == patient for t in reminders)
    assert token_from(reminders[0]) != token_from(reminders[1])  # a fresh single-use link each time
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 2


def test_window_closing_expires_the_invitation_and_keeps_partial_answers(patient):
    invitation = invite(patient, send=False)
    peg = response(invitation, "peg")
    services.answers_save(response=peg, answers={"p": 4, "e": 4, "g": 4}, mode="patient")
    assert services.invitations_expire(today=invitation.closes_on + dt.timedelta(days=1)) == 1
    invitation.refresh_from_db()
    peg.refresh_from_db()
    assert invitation.status == Invitation.Status.EXPIRED and str(peg.score) == "4.00"
    assert peg.answers.count() == 3


def test_closed_questionnaire_refuses_patient_answers(patient):
    invitation = invite(patient, send=False)
    services.invitation_cancel(invitation=invitation, reason="test")
    with pytest.raises(ValidationError):
        services.answers_save(response=response(invitation, "peg"), answers={"p": 1}, mode="patient")


def test_discharge_cancels_open_invitations(patient):
    from rose.patients.services import patient_set_status

    invitation = invite(patient, send=False)
    patient_set_status(patient=patient, status="discharged", actor=None)
    services.patient_status_changed(patient_id=patient.pk, status="discharged")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CANCELLED


def test_due_questionnaires_for_patient_lists_open_invitations(patient):
    invitation = invite(patient, send=False)
    assert list(due_questionnaires_for_patient(patient=patient)) == [invitation]


def test_a_portal_session_opens_only_that_patients_own_questionnaires(client, patient, programme):
    from rose.patients.access_links import access_link_create

    mine = invite(patient, send=False)
    theirs = invite(PatientFactory(programme=programme), send=False)
    token = access_link_create(patient=patient, purpose="portal")
    open_link(client, {"body": f"/p/{token}"})
    assert client.get(reverse("outcomes:portal_start", kwargs={"invitation_id": mine.pk})).status_code == 200
    assert client.get(reverse("outcomes:portal_start", kwargs={"invitation_id": theirs.pk})).status_code == 404
