"""Urgent texts nobody picks up are escalated in working hours: a second person, then the lead."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine

from rose.accounts.roles import Role
from rose.messaging.conversations import conversation_assign
from rose.messaging.escalation import escalate_urgent, working_minutes_between
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Task

pytestmark = pytest.mark.django_db
WEDNESDAY_10AM = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)  # GMT in December: London time too


def red_flag_at(patient, when):
    with time_machine.travel(when, tick=False):
        inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                        body="I've taken all my tablets")


def run_at(when):
    with time_machine.travel(when, tick=False):
        return escalate_urgent()


def escalations(patient):
    return Task.objects.filter(patient=patient, kind="escalation").order_by("created_at")


def test_second_person_then_lead_once_each(programme, make_user):
    lead = make_user(Role.ADMIN)
    patient = texting_patient(programme)
    red_flag_at(patient, WEDNESDAY_10AM)
    assert run_at(WEDNESDAY_10AM + dt.timedelta(minutes=29)) == 0
    assert run_at(WEDNESDAY_10AM + dt.timedelta(minutes=31)) == 1
    assert run_at(WEDNESDAY_10AM + dt.timedelta(minutes=35)) == 0
    first = escalations(patient).get()
    assert first.priority == "urgent" and "second member of the team" in first.title and first.assigned_to is None
    assert run_at(WEDNESDAY_10AM + dt.timedelta(minutes=61)) == 1
    second = escalations(patient).last()
    assert "programme lead" in second.title and second.assigned_to == lead
    assert run_at(WEDNESDAY_10AM + dt.timedelta(hours=3)) == 0
    assert escalations(patient).count() == 2


def test_picked_up_text_is_not_escalated(programme, make_user):
    nurse = make_user(Role.NURSE)
    patient = texting_patient(programme)
    red_flag_at(patient, WEDNESDAY_10AM)
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=10), tick=False):
        conversation_assign(conversation=Conversation.objects.get(patient=patient), assignee=nurse, actor=nurse)
    assert run_at(WEDNESDAY_10AM + dt.timedelta(hours=2)) == 0
    assert not escalations(patient).exists()


def test_time_out_of_hours_does_not_count(programme, settings):
    settings.ROSE_SMS_WORKING_HOURS = "09:00-17:00"
    patient = texting_patient(programme)
    tuesday_night = dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.UTC)
    red_flag_at(patient, tuesday_night)
    assert run_at(dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)) == 0
    assert run_at(dt.datetime(2026, 12, 2, 9, 29, tzinfo=dt.UTC)) == 0
    assert run_at(dt.datetime(2026, 12, 2, 9, 31, tzinfo=dt.UTC)) == 1


def test_working_minutes_skip_weekends_and_bank_holidays():
    friday_4pm = dt.datetime(2026, 12, 18, 16, 0, tzinfo=dt.UTC)
    monday_930 = dt.datetime(2026, 12, 21, 9, 30, tzinfo=dt.UTC)
    assert working_minutes_between(friday_4pm, monday_930) == 90
    christmas_eve_4pm = dt.datetime(2026, 12, 24, 16, 0, tzinfo=dt.UTC)
    after_boxing_day = dt.datetime(2026, 12, 29, 9, 30, tzinfo=dt.UTC)  # 25th, 28th (Boxing Day substitute) off
    assert working_minutes_between(christmas_eve_4pm, after_boxing_day) == 90


def test_escalation_can_be_turned_off(programme, settings):
    settings.ROSE_SMS_ESCALATE_AFTER_MINUTES = 0
    patient = texting_patient(programme)
    red_flag_at(patient, WEDNESDAY_10AM)
    assert run_at(WEDNESDAY_10AM + dt.timedelta(hours=3)) == 0
