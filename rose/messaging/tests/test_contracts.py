"""The cross-app contracts: message_schedule, message_cancel_for, inbox_item_create, hooks, Observation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rose.core.hooks import Hook
from rose.messaging import hooks
from rose.messaging.models import Conversation, MessageEvent, MessageStatus, Observation, OutboundMessage
from rose.messaging.services import inbox_item_create, message_cancel_for, message_schedule, messages_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.services import consent_record, patient_set_status
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_schedule_writes_outbox_row_with_size_and_related(programme):
    patient = texting_patient(programme)
    related = PatientFactory(programme=programme)  # any model instance
    due = timezone.now() + dt.timedelta(days=2)
    message = message_schedule(patient=patient, purpose="checkin", body="How is your pain today? Reply 0 to 10",
                               due_at=due, related=related)
    assert message is not None
    assert message.status == MessageStatus.QUEUED
    assert message.related_type == "patients.Patient" and message.related_id == str(related.pk)
    assert message.fragments == 1 and message.encoding == "GSM-7"
    assert message.send_after >= due
    assert message.events.count() == 1


@pytest.mark.parametrize("problem", ["no_mobile", "no_consent", "opted_out", "discharged", "deceased"])
def test_schedule_writes_nothing_when_patient_cannot_be_texted(programme, problem):
    patient = texting_patient(programme)
    if problem == "no_mobile":
        patient.mobile = ""
        patient.save()
    elif problem == "no_consent":
        patient = PatientFactory(programme=programme)
    elif problem == "opted_out":
        consent_record(patient=patient, kind="texts", given=False, source="text")
    else:
        patient.status = problem
        patient.save()
    assert message_schedule(patient=patient, purpose="checkin", body="Hello") is None
    assert messages_schedule(patient=patient, texts=[{"purpose": "checkin", "body": "Hello"}]) == 0
    assert not OutboundMessage.objects.exists()


def test_several_texts_are_checked_once_queued_in_bulk_and_audited_in_one_row(programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rose.audit.models import AuditEvent

    patient = texting_patient(programme)
    soon = timezone.now() + dt.timedelta(days=1)
    texts = [{"purpose": "checkin", "body": f"Week {n}", "due_at": soon + dt.timedelta(weeks=n)} for n in range(10)]
    with CaptureQueriesContext(connection) as queries:
        assert messages_schedule(patient=patient, texts=texts) == 10
    few = len(queries.captured_queries)
    assert sum("patients_consent" in q["sql"] for q in queries.captured_queries) == 1
    messages = OutboundMessage.objects.filter(patient=patient).order_by("due_at")
    assert [m.body for m in messages] == [f"Week {n}" for n in range(10)]
    assert MessageEvent.objects.filter(message__patient=patient, to_status="queued").count() == 10
    audit = AuditEvent.objects.get(action="create", object_type="messaging.OutboundMessage")
    assert sorted(audit.detail["message_ids"]) == sorted(str(m.pk) for m in messages)
    assert audit.detail["texts_queued"] == 10 and audit.patient_id == patient.pk
    with CaptureQueriesContext(connection) as queries:  # 30 texts cost the same queries as 10
        assert messages_schedule(patient=patient, texts=texts * 3) == 30
    assert len(queries.captured_queries) == few


def test_cancel_for_related_and_purpose(programme):
    patient = texting_patient(programme)
    related = PatientFactory(programme=programme)
    message_schedule(patient=patient, purpose="group_reminder", body="a", related=related)
    message_schedule(patient=patient, purpose="appointment_reminder", body="b", related=related)
    message_schedule(patient=patient, purpose="group_reminder", body="c")
    assert message_cancel_for(related=related, purpose="group_reminder") == 1
    assert message_cancel_for(related=related) == 1
    assert OutboundMessage.objects.filter(status=MessageStatus.CANCELLED).count() == 2


def test_discharge_cancels_future_texts(programme, django_capture_on_commit_callbacks):
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin", body="a", due_at=timezone.now() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        patient_set_status(patient=patient, status="deceased", actor=None)
    assert OutboundMessage.objects.get().status == MessageStatus.CANCELLED


def test_inbox_item_create_opens_one_conversation_per_patient(programme):
    patient = texting_patient(programme)
    inbox_item_create(patient=patient, summary="Call back please")
    inbox_item_create(patient=patient, summary="Worried", urgent=True, source=patient)
    conversation = Conversation.objects.get()
    assert conversation.urgent and conversation.items.count() == 2


def test_hooks_and_observation_exist(programme):
    assert isinstance(hooks.reply_handler, Hook) and isinstance(hooks.red_flag, Hook)
    patient = texting_patient(programme)
    Observation.objects.create(patient=patient, kind="pain_score", value_number=4, observed_at=timezone.now(),
                               source="portal")
