"""Closing an urgent conversation needs a note of what was done, and closes the red-flag task of
the same texts (one event, closed once)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation, ConversationEvent
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import Task

pytestmark = pytest.mark.django_db


def test_urgent_conversation_needs_an_outcome_note_and_closes_its_red_flag_task(programme, client_for):
    patient = texting_patient(programme)
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                    body="i want to end it all")
    client = client_for(Role.NURSE)
    url = reverse("messaging:handled", kwargs={"patient_id": patient.pk})
    page = client.get(reverse("messaging:conversation", kwargs={"patient_id": patient.pk})).content.decode()
    assert "What was done" in page

    refused = client.post(url, {"outcome": "   "})
    assert refused.status_code == 400
    assert "Enter what was done: this conversation has an urgent item" in refused.content.decode()
    too_long = client.post(url, {"outcome": "Rang her. " * 120})
    assert too_long.status_code == 400 and "Rang her. Rang her." in too_long.content.decode()
    conversation = Conversation.objects.get(patient=patient)
    assert conversation.status == "open"
    task = Task.objects.get(patient=patient, kind="red_flag_text")
    assert task.status == "open"

    assert client.post(url, {"outcome": "Rang her at 10:05; safe, crisis team visiting today"}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == "handled" and not conversation.urgent
    event = ConversationEvent.objects.get(conversation=conversation, kind="handled")
    assert event.note.startswith("Rang her at 10:05") and event.actor == client.user
    task.refresh_from_db()
    assert task.status == "done" and task.done_by == client.user


def test_routine_conversation_closes_without_a_note(programme, client_for):
    patient = texting_patient(programme)
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                    body="Can I change my appointment?")
    client = client_for(Role.COORDINATOR)
    response = client.post(reverse("messaging:handled", kwargs={"patient_id": patient.pk}), {})
    assert response.status_code == 302
    assert Conversation.objects.get(patient=patient).status == "handled"
