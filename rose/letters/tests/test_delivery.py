"""The letters outbox without a MESH server: the transport is replaced at its boundary (mesh_send)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.letters import services, transport
from rose.letters.models import DeliveryState, LetterDelivery, PracticeContact
from rose.letters.tests.factories import approved_version
from rose.patients.models import Task

pytestmark = [pytest.mark.django_db]
PDF = b"%PDF-1.4 test letter"
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def mesh(settings, monkeypatch):
    settings.ROSE_MESH_URL = "https://mesh.invalid"
    settings.ROSE_MESH_MAILBOX_ID, settings.ROSE_MESH_PASSWORD, settings.ROSE_MESH_SHARED_KEY = "ROSE01", "p", "k"
    settings.ROSE_MESH_AUTOMATED_ROUTING = True
    calls, answers = [], []

    def fake_send(**kwargs):
        calls.append(kwargs)
        answer = answers.pop(0) if answers else "MSG-1"
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(transport, "mesh_send", fake_send)
    return calls, answers


@time_machine.travel(NOW, tick=False)
def test_an_approved_version_is_queued_once_and_sent_by_automated_routing(mesh, programme):
    calls, _ = mesh
    version = approved_version(programme=programme, pdf=PDF)
    assert services.letters_enqueue_new() == 1
    assert services.letters_enqueue_new() == 0
    assert services.letters_send_due() == 1
    delivery = LetterDelivery.objects.get()
    patient = version.plan.patient
    assert delivery.state == DeliveryState.SENT and delivery.mesh_message_id == "MSG-1"
    assert delivery.recipient == "automated routing" and delivery.document_version == 1
    assert calls[0]["to"] == (f"GPPROVIDER_{patient.nhs_number}_{patient.date_of_birth:%Y%m%d}_"
                              f"{patient.family_name.upper()}")
    assert delivery.ack_due_at == NOW + dt.timedelta(hours=72)
    assert services.letters_send_due() == 0  # nothing sent twice


def test_failures_are_retried_with_backoff_then_the_team_gets_an_urgent_task(mesh, settings, programme):
    _, answers = mesh
    settings.ROSE_LETTERS_MAX_ATTEMPTS = 3
    answers.extend([transport.TransportError("MESH could not be reached")] * 3)
    with time_machine.travel(NOW, tick=False):
        approved_version(programme=programme, pdf=PDF)
        services.letters_enqueue_new()
        services.letters_send_due()
    delivery = LetterDelivery.objects.get()
    assert delivery.state == DeliveryState.QUEUED and delivery.attempts == 1
    assert delivery.next_attempt_at == NOW + dt.timedelta(minutes=1)
    with time_machine.travel(NOW + dt.timedelta(seconds=30), tick=False):
        assert services.letters_send_due() == 0  # not due yet
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        services.letters_send_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at == NOW + dt.timedelta(minutes=6)
    with time_machine.travel(NOW + dt.timedelta(minutes=6), tick=False):
        services.letters_send_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 3
    task = Task.objects.get(kind="gp_letter_failed")
    assert task.priority == "urgent" and task.patient_id == delivery.patient_id
    assert [e.state for e in delivery.events.all()] == ["queued", "queued", "queued", "failed"]


def test_an_unregistered_recipient_fails_at_once(mesh, programme):
    _, answers = mesh
    approved_version(programme=programme, pdf=PDF)
    answers.append(transport.TransportError("Unregistered to address", permanent=True))
    services.letters_enqueue_new()
    services.letters_send_due()
    assert LetterDelivery.objects.get().state == DeliveryState.FAILED
    assert Task.objects.filter(kind="gp_letter_failed").count() == 1


def test_no_ack_in_time_raises_one_task(mesh, programme):
    with time_machine.travel(NOW, tick=False):
        approved_version(programme=programme, pdf=PDF)
        services.letters_enqueue_new()
        services.letters_send_due()
    with time_machine.travel(NOW + dt.timedelta(hours=71), tick=False):
        assert services.letters_check_overdue() == 0
    with time_machine.travel(NOW + dt.timedelta(hours=73), tick=False):
        assert services.letters_check_overdue() == 1
        assert services.letters_check_overdue() == 0
    assert Task.objects.filter(kind="gp_letter_no_ack").count() == 1


def test_an_ack_marks_the_letter_acknowledged_and_a_negative_one_fails_it(mesh, programme):
    approved_version(programme=programme, pdf=PDF)
    approved_version(programme=programme, pdf=PDF)
    services.letters_enqueue_new()
    services.letters_send_due()
    first, second = LetterDelivery.objects.order_by("created_at")
    services.letter_acknowledge(tracking_id=str(first.tracking_id), code="ok")
    services.letter_acknowledge(tracking_id=str(second.tracking_id), code="fatal-error")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == DeliveryState.ACKNOWLEDGED and first.acknowledged_at
    assert second.state == DeliveryState.FAILED and Task.objects.filter(kind="gp_letter_failed").exists()


def test_a_new_plan_version_sends_an_updated_letter_saying_what_changed(mesh, programme):
    from rose.plans.models import DocumentKind, PlanDocument
    from rose.plans.services import plan_approve, plan_hold_insert
    from rose.plans.tests.factories import prescriber_for

    version = approved_version(programme=programme, pdf=PDF)
    services.letters_enqueue_new()
    plan = version.plan
    prescriber = prescriber_for(programme)
    new = plan_hold_insert(plan=plan, actor=prescriber, after_step=1, days=7, reason="Withdrawal symptoms")
    PlanDocument.objects.create(version=new, kind=DocumentKind.GP_LETTER, html="<p>v2</p>", pdf=PDF)
    plan_approve(plan=plan, actor=prescriber, version_number=new.number)
    services.letters_enqueue_new()
    update = LetterDelivery.objects.get(version=new)
    assert update.document_version == 2 and update.change == new.change and "Hold of 7 days" in update.change
    assert update.replaces.version == version


def test_practices_without_mesh_get_the_letter_by_nhs_mail_only(settings, programme):
    settings.ROSE_MESH_URL = ""
    version = approved_version(programme=programme, pdf=PDF)
    practice = version.plan.patient.gp_practice
    contact = PracticeContact(organisation=practice, email="surgery@example.com", use_email=True)
    with pytest.raises(ValidationError):
        contact.full_clean()
    PracticeContact.objects.create(organisation=practice, email="surgery.y12345@nhs.net", use_email=True)
    services.letters_enqueue_new()
    services.letters_send_due()
    delivery = LetterDelivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.channel == "email"
    assert delivery.ack_due_at is None
    message = mail.outbox[0]
    assert message.to == ["surgery.y12345@nhs.net"] and message.attachments[0][1] == PDF
    patient = version.plan.patient
    assert patient.family_name not in message.subject + message.body and patient.nhs_number not in message.body


def test_email_to_another_domain_is_refused_even_if_stored(settings, programme):
    settings.ROSE_MESH_URL = ""
    version = approved_version(programme=programme, pdf=PDF)
    PracticeContact.objects.create(organisation=version.plan.patient.gp_practice, email="gp@gmail.com",
                                   use_email=True)
    services.letters_enqueue_new()
    services.letters_send_due()
    assert LetterDelivery.objects.get().state == DeliveryState.FAILED and not mail.outbox


def test_old_approvals_are_not_sent_on_first_start(mesh, programme):
    with time_machine.travel(timezone.now() - dt.timedelta(days=30)):
        approved_version(programme=programme, pdf=PDF)
    assert services.letters_enqueue_new() == 0


def test_without_automated_routing_the_practice_mailbox_comes_from_the_mapping(mesh, settings, programme):
    calls, _ = mesh
    settings.ROSE_MESH_AUTOMATED_ROUTING = False
    settings.ROSE_MESH_PRACTICE_MAILBOXES = ["*=DEMO02"]
    approved_version(programme=programme, pdf=PDF)
    services.letters_enqueue_new()
    services.letters_send_due()
    assert calls[0]["to"] == "DEMO02" and LetterDelivery.objects.get().recipient == "DEMO02"
    settings.ROSE_MESH_PRACTICE_MAILBOXES = []
    approved_version(programme=programme, pdf=PDF)
    services.letters_enqueue_new()
    services.letters_send_due()
    failed = LetterDelivery.objects.get(state=DeliveryState.FAILED)
    assert "No MESH mailbox" in failed.last_error
