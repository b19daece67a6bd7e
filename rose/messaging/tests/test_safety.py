"""The safety net for every free-text reply, crisis replies that are never held, red flags from
unknown numbers, and every red-flag category shown to the team."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.urls import reverse

from rose.accounts.roles import Role
from rose.messaging.dispatch import dispatch_due
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import InboundMessage, InboxItem, MessageStatus, OutboundMessage
from rose.messaging.services import message_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Task
from rose.patients.services import consent_record

pytestmark = pytest.mark.django_db
UNKNOWN = "+447700900456"
# 11:00 London on a winter Wednesday; the next London day starts at 00:00 GMT.
MORNING = dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC)


def receive(number, body):
    inbound, _ = inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=number, body=body)
    return inbound


def safety_nets(patient):
    return OutboundMessage.objects.filter(patient=patient, purpose="safety_net_reply")


def test_free_text_gets_one_safety_net_reply_a_london_day(programme):
    programme.contact_hours = "Monday to Friday, 9am to 4pm"
    programme.save()
    patient = texting_patient(programme)
    with time_machine.travel(MORNING, tick=False):
        receive(patient.mobile, "Can someone ring me about my letter?")
        receive(patient.mobile, "Also my pharmacy has changed")
    reply = safety_nets(patient).get()
    for needed in ("999", "NHS 111", "option 2", "116 123", "Monday to Friday, 9am to 4pm"):
        assert needed in reply.body
    assert reply.send_after <= MORNING
    with time_machine.travel(dt.datetime(2026, 12, 2, 23, 59, tzinfo=dt.UTC), tick=False):
        receive(patient.mobile, "Still there?")
    assert safety_nets(patient).count() == 1
    with time_machine.travel(dt.datetime(2026, 12, 3, 0, 1, tzinfo=dt.UTC), tick=False):
        receive(patient.mobile, "Morning, any news?")
    assert safety_nets(patient).count() == 2
    assert InboundMessage.objects.filter(patient=patient, outcome=InboundMessage.Outcome.INBOX).count() == 4


def test_keywords_check_in_answers_and_red_flags_get_no_safety_net(programme):
    patient = texting_patient(programme)
    question = message_schedule(patient=patient, purpose="checkin_pain", body="Pain 0-10?", respect_quiet_hours=False)
    OutboundMessage.objects.filter(pk=question.pk).update(status=MessageStatus.SENT, sent_at=MORNING)
    with time_machine.travel(MORNING + dt.timedelta(minutes=5), tick=False):
        receive(patient.mobile, "HELP")
        receive(patient.mobile, "6")
        receive(patient.mobile, "I want to end my life")
    assert not safety_nets(patient).exists()
    assert OutboundMessage.objects.filter(patient=patient, purpose="red_flag_reply").count() == 1


def test_programme_setting_changes_the_daily_allowance(programme, settings):
    settings.ROSE_SMS_SAFETY_NET_PROGRAMMES = [f"{programme.slug}:0"]
    patient = texting_patient(programme)
    receive(patient.mobile, "Hello, a question about group")
    assert not safety_nets(patient).exists()
    settings.ROSE_SMS_SAFETY_NET_PROGRAMMES = [f"{programme.slug}:2"]
    with time_machine.travel(MORNING, tick=False):
        for text in ("one", "two", "three"):
            receive(patient.mobile, f"Question {text}")
    assert safety_nets(patient).count() == 2


def test_patient_who_opted_out_gets_no_safety_net(programme):
    patient = texting_patient(programme)
    consent_record(patient=patient, kind="texts", given=False, source="staff")
    receive(patient.mobile, "Is the group on Thursday?")
    assert not safety_nets(patient).exists()


def test_every_category_is_stored_and_shown_to_the_team(programme, client_for):
    patient = texting_patient(programme)
    inbound = receive(patient.mobile, "extra tablets and can't breathe")
    assert inbound.red_flag_rule == "extra_doses,breathing"
    item = InboxItem.objects.get(patient=patient)
    assert item.urgent and "extra doses" in item.summary and "breathing problem" in item.summary
    assert "extra doses" in Task.objects.get(patient=patient, kind="red_flag_text").title
    page = client_for(Role.NURSE).get(reverse("messaging:conversation", kwargs={"patient_id": patient.pk}))
    assert "extra doses; breathing problem" in page.content.decode()


def test_red_flag_from_unknown_number_gets_the_crisis_reply_and_an_urgent_item(programme, client_for, recording):
    receive("+447700900999", "hello is that the clinic")
    inbound = receive(UNKNOWN, "my husband has taken all my tramadol and wont wake up")
    assert inbound.patient is None and inbound.outcome == InboundMessage.Outcome.RED_FLAG
    assert set(inbound.red_flag_rule.split(",")) == {"overdose", "unresponsive"}
    reply = OutboundMessage.objects.get(to_number=UNKNOWN)
    assert reply.purpose == "red_flag_reply" and reply.patient is None and "999" in reply.body
    dispatch_due()
    reply.refresh_from_db()
    assert reply.status in (MessageStatus.SENT, MessageStatus.DELIVERED)
    page = client_for(Role.NURSE).get(reverse("messaging:unmatched")).content.decode()
    assert page.index("Urgent") < page.index("hello is that the clinic")
    assert "possible overdose; drowsy, collapsed or not responding" in page


def test_crisis_reply_goes_in_one_worker_cycle_despite_quiet_hours_cap_stop_and_a_batch(programme, settings,
                                                                                       recording):
    settings.ROSE_SMS_QUIET_START, settings.ROSE_SMS_QUIET_END = "20:00", "09:00"
    settings.ROSE_SMS_PER_NUMBER_PER_HOUR = 3
    patient = texting_patient(programme)
    night = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(night - dt.timedelta(minutes=30), tick=False):
        for i in range(3):  # the hourly cap for this number is used up
            OutboundMessage.objects.filter(pk=message_schedule(
                patient=patient, purpose="checkin", body=f"Earlier {i}", respect_quiet_hours=False).pk).update(
                status=MessageStatus.SENT, sent_at=night - dt.timedelta(minutes=30))
        others = [texting_patient(programme) for _ in range(3)]
        for other in others:  # a batch of routine texts already waiting
            message_schedule(patient=other, purpose="checkin", body="Routine", respect_quiet_hours=False)
    with time_machine.travel(night, tick=False):
        receive(patient.mobile, "STOP")
        receive(patient.mobile, "took 30 co-codamol im sorry")
        dispatch_due(batch_size=2, threads=1)
    crisis = OutboundMessage.objects.get(patient=patient, purpose="red_flag_reply")
    assert crisis.status in (MessageStatus.SENT, MessageStatus.DELIVERED)
    assert recording.sends[str(crisis.pk)] == 1
