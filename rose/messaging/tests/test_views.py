"""Inbox, conversation, unmatched and failed queues, phone simulator: roles, forms, queries."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation, InboundMessage, MessageStatus, OutboundMessage, ReplyTemplate
from rose.messaging.services import inbox_item_create, message_schedule
from rose.messaging.tests.factories import texting_patient
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]


def _reply_from(patient, body="Can you call me?"):
    inbound, _ = inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                                 body=body)
    return inbound


def _fill(programme, count):
    for i in range(count):
        patient = texting_patient(programme)
        _reply_from(patient)
        message = message_schedule(patient=patient, purpose="checkin", body=f"Hi {i}", respect_quiet_hours=False)
        OutboundMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, failure_reason="400")
        inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=f"+4477009011{i:02d}",
                        body="who is this")


@pytest.mark.parametrize("name", ["messaging:inbox", "messaging:unmatched", "messaging:failed", "messaging:phone"])
def test_list_pages_roles(client_for, programme, name):
    check_roles(client_for, reverse(name), CLINICAL)


@pytest.mark.parametrize("name", ["messaging:conversation", "messaging:phone_patient"])
def test_patient_pages_roles(client_for, programme, name):
    patient = texting_patient(programme)
    _reply_from(patient)
    check_roles(client_for, reverse(name, kwargs={"patient_id": patient.pk}), CLINICAL)


@pytest.mark.parametrize(("name", "data"), [("messaging:reply", {"body": "Hello", "action": "send"}),
                                            ("messaging:assign", {"assignee": ""}),
                                            ("messaging:handled", {})])
def test_post_actions_roles(client_for, programme, name, data):
    patient = texting_patient(programme)
    _reply_from(patient)
    check_roles(client_for, reverse(name, kwargs={"patient_id": patient.pk}), CLINICAL, method="post", data=data)


def test_unmatched_handled_roles(client_for, programme):
    for role in [r.value for r in Role]:
        inbound, _ = inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()),
                                     from_number="+447700900888", body="hi")
        status = client_for(role).post(reverse("messaging:unmatched_handled", kwargs={"inbound_id": inbound.pk}))
        assert status.status_code == (302 if role in CLINICAL else 403), role


def test_patient_of_another_programme_is_404(client_for, other_programme):
    patient = texting_patient(other_programme)
    _reply_from(patient)
    client = client_for(Role.NURSE)
    assert client.get(reverse("messaging:conversation", kwargs={"patient_id": patient.pk})).status_code == 404
    assert client.post(reverse("messaging:reply", kwargs={"patient_id": patient.pk}),
                       {"body": "x"}).status_code == 404
    assert client.get(reverse("messaging:inbox")).content.count(patient.family_name.upper().encode()) == 0


@pytest.mark.parametrize("name", ["messaging:inbox", "messaging:unmatched", "messaging:failed", "messaging:phone"])
def test_list_pages_run_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries, name):
    client = client_for(Role.NURSE)
    _fill(programme, 2)
    client.get(reverse(name))
    with django_assert_max_num_queries(16) as small:
        assert client.get(reverse(name)).status_code == 200
    _fill(programme, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_conversation_page_runs_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    _reply_from(patient)
    url = reverse("messaging:conversation", kwargs={"patient_id": patient.pk})
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(15):
        _reply_from(patient, f"Message {i}")
        message_schedule(patient=patient, purpose="checkin", body=f"Out {i}", respect_quiet_hours=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_inbox_shows_urgent_first_and_filters(client_for, programme):
    client = client_for(Role.NURSE)
    routine = texting_patient(programme, family_name="Routine")
    urgent = texting_patient(programme, family_name="Urgent")
    inbox_item_create(patient=routine, summary="Call back")
    inbox_item_create(patient=urgent, summary="Red flag", urgent=True)
    page = client.get(reverse("messaging:inbox")).content.decode()
    assert page.index("URGENT,") < page.index("ROUTINE,")
    assert "URGENT," not in client.get(reverse("messaging:inbox"), {"show": "mine"}).content.decode()
    assert client.get(reverse("messaging:inbox"), {"show": "nonsense"}).status_code == 200


def test_inbox_counts_only_open_items_for_each_conversation(client_for, programme):
    from django.utils import timezone

    from rose.messaging import selectors

    client = client_for(Role.NURSE)
    busy, quiet = texting_patient(programme, family_name="Busy"), texting_patient(programme, family_name="Quiet")
    for summary in ("First", "Second", "Done"):
        item = inbox_item_create(patient=busy, summary=summary)
    item.handled_at = timezone.now()
    item.save(update_fields=["handled_at"])
    inbox_item_create(patient=quiet, summary="Only").conversation.items.update(handled_at=timezone.now())
    counts = {c.patient.family_name: c.open_items for c in selectors.conversations_for_user(user=client.user)}
    assert counts == {"Busy": 2, "Quiet": 0}


def test_reply_free_text_and_template(client_for, programme):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    _reply_from(patient)
    template = ReplyTemplate.objects.create(programme=programme, name="Call", body="We will call you today.")
    url = reverse("messaging:reply", kwargs={"patient_id": patient.pk})
    assert client.post(url, {"body": "Thanks, see you Tuesday", "action": "send"}).status_code == 302
    assert client.post(url, {"template": str(template.pk), "action": "send"}).status_code == 302
    sent = list(OutboundMessage.objects.filter(patient=patient, purpose="staff_reply").order_by("created_at"))
    assert [m.body for m in sent] == ["Thanks, see you Tuesday", "We will call you today."]
    assert sent[1].template == "Call" and sent[0].created_by == client.user


def test_check_length_counts_fragments_server_side_and_keeps_input(client_for, programme):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    body = "ê" * 71
    response = client.post(reverse("messaging:reply", kwargs={"patient_id": patient.pk}),
                           {"body": body, "action": "check"})
    html = response.content.decode()
    assert "71 characters, 2 text message parts (Unicode)" in html and body in html
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"body": ""}, "Enter a message or choose a saved reply"),
    ({"body": "a" * 919}, "918 characters or fewer"),
    ({"body": "bad\x00text"}, ""),
    ({"template": "not-a-template"}, "Choose a saved reply from the list"),
    ({"body": ["a", "b"], "template": ["x", "y"]}, ""),
])
def test_reply_bad_input_gets_specific_message_never_500(client_for, programme, data, message):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    response = client.post(reverse("messaging:reply", kwargs={"patient_id": patient.pk}), data)
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.content.decode()
    assert message in response.content.decode()
    assert not OutboundMessage.objects.exists()


def test_reply_to_patient_who_opted_out_is_refused(client_for, programme):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    _reply_from(patient, "STOP")
    response = client.post(reverse("messaging:reply", kwargs={"patient_id": patient.pk}),
                           {"body": "Hello", "action": "send"})
    assert response.status_code == 400 and "replied STOP" in response.content.decode()


def test_assign_and_mark_handled(client_for, programme, make_user):
    client = client_for(Role.NURSE)
    colleague = make_user(Role.NURSE)
    patient = texting_patient(programme)
    _reply_from(patient)
    conversation = Conversation.objects.get(patient=patient)
    client.post(reverse("messaging:assign", kwargs={"patient_id": patient.pk}), {"assignee": str(colleague.pk)})
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague
    response = client.post(reverse("messaging:assign", kwargs={"patient_id": patient.pk}), {"assignee": "nobody!"})
    assert response.status_code == 302
    client.post(reverse("messaging:handled", kwargs={"patient_id": patient.pk}))
    conversation.refresh_from_db()
    assert conversation.status == "handled" and conversation.handled_by == client.user
    assert list(conversation.events.values_list("kind", flat=True)) == ["assigned", "handled"]
    assert not conversation.items.filter(handled_at__isnull=True).exists()
    _reply_from(patient, "One more thing")
    conversation.refresh_from_db()
    assert conversation.status == "open"


def test_unmatched_handled_leaves_queue(client_for, programme):
    client = client_for(Role.COORDINATOR)
    inbound, _ = inbound_receive(provider="simulator", provider_id="x1", from_number="+447700900321", body="hi")
    client.post(reverse("messaging:unmatched_handled", kwargs={"inbound_id": inbound.pk}))
    assert InboundMessage.objects.get().handled_by == client.user
    assert "+447700900321" not in client.get(reverse("messaging:unmatched")).content.decode()


def test_phone_simulator_reply_as_patient(client_for, programme, settings):
    client = client_for(Role.NURSE)
    patient = texting_patient(programme)
    message_schedule(patient=patient, purpose="checkin", body="Weekly check-in", respect_quiet_hours=False)
    url = reverse("messaging:phone_patient", kwargs={"patient_id": patient.pk})
    assert "Weekly check-in" in client.get(url).content.decode()
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.post(url, {"body": "HELP"}).status_code == 302
    assert InboundMessage.objects.get().outcome == "keyword"
    settings.ROSE_SMS_PROVIDER = "notify"
    assert client.get(url).status_code == 404


def test_peer_never_sees_messages(client_for, programme):
    patient = PatientFactory(programme=programme)
    client = client_for(Role.PEER)
    assert client.get(reverse("messaging:inbox")).status_code == 403
    assert client.get(reverse("messaging:conversation", kwargs={"patient_id": patient.pk})).status_code == 403
