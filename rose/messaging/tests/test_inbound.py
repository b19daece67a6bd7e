"""Replies: keywords, red flags, check-in answers, reply handlers, the inbox, unknown numbers."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from rose.audit.models import AuditEvent
from rose.messaging import hooks
from rose.messaging.dispatch import dispatch_due
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation, InboundMessage, MessageStatus, Observation, OutboundMessage
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Consent, Task
from rose.patients.selectors import patient_has_consent

pytestmark = pytest.mark.django_db


def receive(patient_or_number, body, provider_id=None):
    number = getattr(patient_or_number, "mobile", patient_or_number)
    inbound, _ = inbound_receive(provider="simulator", provider_id=provider_id or str(uuid.uuid4()),
                                 from_number=number, body=body)
    return inbound


def replies(patient, purpose=None):
    queryset = OutboundMessage.objects.filter(patient=patient)
    return queryset.filter(purpose=purpose) if purpose else queryset


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop.", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL"])
def test_stop_words_opt_out_confirm_once_and_cancel_future_texts(programme, word):
    patient = texting_patient(programme)
    future = message_schedule(patient=patient, purpose="checkin", body="Weekly check-in",
                              due_at=timezone.now() + timezone.timedelta(days=2))
    receive(patient, word)
    assert not patient_has_consent(patient=patient, kind="texts")
    consent = Consent.objects.filter(patient=patient).first()
    assert consent.source == "text" and not consent.given
    future.refresh_from_db()
    assert future.status == MessageStatus.CANCELLED
    assert replies(patient, "keyword_reply").count() == 1
    receive(patient, word)  # a second STOP: no second confirmation
    assert replies(patient, "keyword_reply").count() == 1
    assert message_schedule(patient=patient, purpose="checkin", body="x") is None
    assert AuditEvent.objects.filter(object_type="patients.Consent", patient_id=patient.pk).exists()


def test_start_opts_back_in_and_help_explains_the_service(programme):
    patient = texting_patient(programme)
    receive(patient, "STOP")
    receive(patient, "Start")
    assert patient_has_consent(patient=patient, kind="texts")
    receive(patient, "HELP")
    bodies = list(replies(patient, "keyword_reply").order_by("created_at").values_list("body", flat=True))
    assert len(bodies) == 3 and "STOP" in bodies[2] and "999" in bodies[2]


def test_red_flag_is_urgent_runs_hooks_and_sends_crisis_signposting_now(programme, recording):
    patient = texting_patient(programme, contact_from=timezone.datetime(2020, 1, 1, 10).time(),
                              contact_until=timezone.datetime(2020, 1, 1, 11).time())
    seen = []
    with hooks.red_flag.added(lambda p, inbound: seen.append((p.pk, inbound.pk)),
                              lambda p, inbound: 1 / 0):  # a broken hook must not stop the rest
        inbound = receive(patient, "I took all my tablets last night and feel awful")
    assert inbound.outcome == InboundMessage.Outcome.RED_FLAG and inbound.red_flag_rule == "overdose"
    assert seen == [(patient.pk, inbound.pk)]
    conversation = Conversation.objects.get(patient=patient)
    assert conversation.urgent and conversation.status == "open"
    assert Task.objects.filter(patient=patient, priority="urgent", kind="red_flag_text").exists()
    crisis = replies(patient, "red_flag_reply").get()
    assert "999" in crisis.body and "111" in crisis.body and "option 2" in crisis.body and "116 123" in crisis.body
    assert crisis.send_after <= timezone.now()  # not held for quiet or preferred hours
    assert dispatch_due().sent == 1


def test_red_flag_from_opted_out_patient_still_gets_crisis_reply(programme):
    patient = texting_patient(programme)
    receive(patient, "STOP")
    receive(patient, "i want to kill myself")
    assert replies(patient, "red_flag_reply").count() == 1
    receive(patient, "START")
    receive(patient, "I took an overdose")
    receive(patient, "STOP")  # before the crisis reply went: it still goes
    assert replies(patient, "red_flag_reply").filter(status=MessageStatus.QUEUED).count() == 2


def test_pain_score_answer_is_an_observation(programme, recording):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin_pain", body="Pain 0 to 10?", respect_quiet_hours=False)
    dispatch_due()
    inbound = receive(patient, " 7/10 ")
    observation = Observation.objects.get(patient=patient)
    assert observation.kind == "pain_score" and observation.value_number == 7 and observation.source == "text"
    assert inbound.outcome == InboundMessage.Outcome.OBSERVATION and inbound.in_reply_to_id
    assert not Conversation.objects.filter(patient=patient).exists()  # below the alert level


def test_high_pain_score_and_missed_dose_reach_the_inbox(programme, recording):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin_pain", body="Pain?", respect_quiet_hours=False)
    dispatch_due()
    receive(patient, "9")
    message_schedule(patient=patient, purpose="checkin_dose", body="Dose as planned? YES or NO",
                     respect_quiet_hours=False)
    dispatch_due()
    receive(patient, "no")
    assert list(Observation.objects.filter(patient=patient).order_by("observed_at")
                .values_list("kind", "value_text")) == [("pain_score", ""), ("dose_as_planned", "no")]
    assert Conversation.objects.get(patient=patient).items.count() == 2


def test_out_of_range_number_goes_to_inbox(programme, recording):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin_pain", body="Pain?", respect_quiet_hours=False)
    dispatch_due()
    assert receive(patient, "42").outcome == InboundMessage.Outcome.INBOX
    assert not Observation.objects.exists()


def test_reply_handlers_are_tried_before_the_inbox(programme):
    patient = texting_patient(programme)
    with hooks.reply_handler.added(lambda inbound: inbound.body.strip().upper() == "YES"):
        assert receive(patient, "YES").outcome == InboundMessage.Outcome.HANDLED
        assert receive(patient, "Maybe next time").outcome == InboundMessage.Outcome.INBOX
    assert Conversation.objects.get(patient=patient).items.count() == 1


def test_unknown_number_goes_to_unmatched_queue(programme):
    inbound = receive("+447700900555", "Hi is this the pain clinic")
    assert inbound.outcome == InboundMessage.Outcome.UNMATCHED and inbound.patient is None
    assert inbound.programme_id == programme.pk


def test_same_provider_id_twice_is_stored_once(programme):
    patient = texting_patient(programme)
    receive(patient, "Hello", provider_id="abc")
    receive(patient, "Hello", provider_id="abc")
    assert InboundMessage.objects.count() == 1
    assert Conversation.objects.get(patient=patient).items.count() == 1


def test_number_in_national_format_matches_e164_mobile(programme):
    patient = texting_patient(programme, mobile="+447700900123")
    assert receive("07700 900123", "hello").patient == patient
