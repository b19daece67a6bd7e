"""One worklist for the team: conversations and tasks together, urgent first then by due time, with
assignment, filters, a bounded page at a constant query count, and one close for one event."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import parse_qsl

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from markupsafe import escape

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.messaging.conversations import conversation_handle
from rose.messaging.escalation import escalate_urgent
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import Conversation, ConversationEvent, InboundMessage, InboxItem
from rose.messaging.services import inbox_item_create
from rose.messaging.tests.factories import texting_patient
from rose.messaging.worklist import FILTERS, PAGE_SIZE, Worklist
from rose.patients.models import Task, TimelineEntry
from rose.patients.services import task_complete, task_create
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]
WEDNESDAY_10AM = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
URL = reverse("messaging:worklist")


def red_flag(patient, body="I've taken all my tablets"):
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile, body=body)
    return InboundMessage.objects.filter(patient=patient).latest("received_at")


def rows(client, query=""):
    """The rows the page shows (read through the selector the view pages), checked to be on the page
    in the same order."""
    response = client.get(URL + query)
    assert response.status_code == 200
    params = dict(parse_qsl(query.lstrip("?")))
    show = params.get("show") if params.get("show") in FILTERS else "all"
    shown = list(Paginator(Worklist(user=client.user, show=show), PAGE_SIZE).get_page(params.get("page")).object_list)
    html, position = response.content.decode(), 0
    for row in shown:
        position = html.index(f">{escape(row.what)}</a>", position) + 1
    assert html.count('<tr class="nhsuk-table__row">') == len(shown) + (1 if shown else 0)
    return shown


def test_only_the_clinical_team_sees_the_worklist(client_for):
    check_roles(client_for, URL, CLINICAL)


def test_conversations_and_tasks_in_one_list_urgent_first_then_by_due_time(client_for, programme):
    client = client_for(Role.NURSE)
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        routine = task_create(patient=PatientFactory(programme=programme, family_name="Routine"), kind="callback",
                              title="Call back about the leaflet")
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=5), tick=False):
        texter = texting_patient(programme, family_name="Texter")
        inbox_item_create(patient=texter, summary="Text from the patient")
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=10), tick=False):
        phq = task_create(patient=PatientFactory(programme=programme, family_name="Phq"), kind="outcome_alert_phq9",
                          title="PHQ-9: thoughts of self-harm", priority="urgent")
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=20), tick=False):
        flagged = texting_patient(programme, family_name="Flagged")
        red_flag(flagged)
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=25), tick=False):
        shown = rows(client)
        page = client.get(URL).content.decode()  # in the same session time: a staff session ends when idle
    order = [(row.kind, row.patient.family_name) for row in shown]
    # Urgent (PHQ-9 due 10:40, then the red flag's conversation and task due 10:50), then routine: the
    # conversation (due at the end of Thursday) and the task (also Thursday 17:00, raised earlier).
    assert order[0] == ("task", "Phq")
    assert set(order[1:3]) == {("conversation", "Flagged"), ("task", "Flagged")}
    assert order[3:] == [("task", "Routine"), ("conversation", "Texter")]
    assert shown[0].due_at == phq.due_at == dt.datetime(2026, 12, 2, 10, 40, tzinfo=dt.UTC)
    assert shown[3].due_at == routine.due_at == dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
    assert "PHQ-9: thoughts of self-harm" in page and "Texts: Text from the patient" in page
    assert "PHQ" in page and flagged.nhs_number[:3] in page


def test_filters_mine_unassigned_and_urgent(client_for, programme):
    client = client_for(Role.NURSE)
    mine = task_create(patient=PatientFactory(programme=programme), kind="x", title="Mine")
    Task.objects.filter(pk=mine.pk).update(assigned_to=client.user)
    task_create(patient=PatientFactory(programme=programme), kind="x", title="Nobody's")
    task_create(patient=PatientFactory(programme=programme), kind="x", title="Urgent one", priority="urgent")
    red_flag(texting_patient(programme))
    assert [row.what for row in rows(client, "?show=mine")] == ["Mine"]
    assert "Mine" not in [row.what for row in rows(client, "?show=unassigned")]
    assert len(rows(client, "?show=unassigned")) == 4
    urgent = rows(client, "?show=urgent")
    assert {row.kind for row in urgent} == {"task", "conversation"} and all(row.urgent for row in urgent)
    assert len(rows(client, "?show=nonsense")) == 5  # an unknown filter shows everything


def test_another_programmes_items_never_appear(client_for, programme, other_programme):
    task_create(patient=PatientFactory(programme=other_programme), kind="x", title="Elsewhere", priority="urgent")
    red_flag(texting_patient(other_programme))
    assert rows(client_for(Role.ADMIN)) == []


def test_the_page_records_the_patients_it_showed(client_for, programme):
    first = PatientFactory(programme=programme)
    task_create(patient=first, kind="x", title="One", priority="urgent")
    second = texting_patient(programme)
    inbox_item_create(patient=second, summary="Text from the patient")
    client_for(Role.NURSE).get(URL)
    event = AuditEvent.objects.filter(path_name="messaging:worklist").latest("at")
    assert event.detail["patient_ids"] == [str(first.pk), str(second.pk)]


def _fill(programme, count):
    for index in range(count):
        task_create(patient=PatientFactory(programme=programme), kind="x", title=f"Task {index}",
                    priority="urgent" if index % 3 == 0 else "normal")
        inbox_item_create(patient=texting_patient(programme), summary=f"Text {index}", urgent=index % 4 == 0)


def test_the_page_runs_the_same_number_of_queries_for_3_or_30_of_each(client_for, programme):
    client = client_for(Role.NURSE)
    _fill(programme, 3)
    client.get(URL)  # warm the session and the permission caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _fill(programme, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL + "?page=2")
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="nhsuk-table__row">') == PAGE_SIZE + 1
    assert len(large) == len(small), "the worklist's queries grow with its size"


def test_pages_follow_on_without_gaps_or_repeats(client_for, programme):
    client = client_for(Role.NURSE)
    _fill(programme, 20)  # 40 rows: two pages
    first, second = rows(client), rows(client, "?page=2")
    keys = [(row.kind, row.pk) for row in [*first, *second]]
    assert len(first) == PAGE_SIZE and len(keys) == len(set(keys)) == 40
    ordered = [row.sort_key() for row in [*first, *second]]
    assert ordered == sorted(ordered)


def test_assign_to_me_and_to_a_named_colleague(client_for, programme, make_user):
    client = client_for(Role.NURSE)
    colleague = make_user(Role.PRESCRIBER, first_name="Priya", last_name="Shah")
    task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Review", priority="urgent")
    patient = texting_patient(programme)
    inbox_item_create(patient=patient, summary="Text from the patient")
    task_url = reverse("messaging:worklist_task_assign", kwargs={"task_id": task.pk})
    conversation_url = reverse("messaging:worklist_conversation_assign", kwargs={"patient_id": patient.pk})

    assert client.post(task_url, {"me": "1", "show": "urgent"})["Location"] == URL + "?show=urgent"
    assert Task.objects.get(pk=task.pk).assigned_to == client.user
    client.post(conversation_url, {"assignee": str(colleague.pk)})
    assert Conversation.objects.get(patient=patient).assigned_to == colleague
    assert ConversationEvent.objects.filter(kind="assigned", detail=f"user:{colleague.pk}").exists()
    assert AuditEvent.objects.filter(object_id=str(task.pk), detail__assigned_to=str(client.user.pk)).exists()
    assert [row.what for row in rows(client, "?show=mine")] == ["Review"]


def test_assigning_refuses_other_roles_other_programmes_and_unknown_people(client_for, programme, other_programme,
                                                                          make_user):
    task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Review")
    url = reverse("messaging:worklist_task_assign", kwargs={"task_id": task.pk})
    check_roles(client_for, url, CLINICAL, method="post", data={"me": "1"})
    outsider = make_user(Role.NURSE, programme=other_programme)
    client = client_for(Role.NURSE)
    client.post(url, {"assignee": str(outsider.pk)})
    client.post(url, {"assignee": "not-a-person"})
    Task.objects.filter(pk=task.pk).update(assigned_to=None)
    client.post(url, {"assignee": str(outsider.pk)})
    assert Task.objects.get(pk=task.pk).assigned_to is None
    elsewhere = task_create(patient=PatientFactory(programme=other_programme), kind="x", title="Theirs")
    other_url = reverse("messaging:worklist_task_assign", kwargs={"task_id": elsewhere.pk})
    assert client.post(other_url, {"me": "1"}).status_code == 404
    theirs = texting_patient(other_programme)
    inbox_item_create(patient=theirs, summary="Text")
    assert client.post(reverse("messaging:worklist_conversation_assign", kwargs={"patient_id": theirs.pk}),
                       {"me": "1"}).status_code == 404
    assert Conversation.objects.get(patient=theirs).assigned_to is None


def test_closing_the_red_flag_task_closes_its_text_in_the_inbox_once_with_the_note(client_for, programme):
    patient = texting_patient(programme)
    red_flag(patient)
    task = Task.objects.get(patient=patient, kind="red_flag_text")
    client = client_for(Role.NURSE)
    url = reverse("patients:task_complete", kwargs={"task_id": task.pk})
    assert "also closes that text" in client.get(url + "?back=worklist").content.decode()
    response = client.post(url, {"outcome": "Rang her: safe, ambulance not needed", "back": "worklist"})
    assert response.status_code == 302 and response["Location"] == URL
    conversation = Conversation.objects.get(patient=patient)
    assert conversation.status == "handled" and not conversation.urgent
    assert not InboxItem.objects.filter(conversation=conversation, handled_at__isnull=True).exists()
    handled = ConversationEvent.objects.get(conversation=conversation, kind="handled")
    assert handled.note == "Rang her: safe, ambulance not needed" and handled.actor == client.user
    assert TimelineEntry.objects.filter(patient=patient, kind="task_done").count() == 1
    assert rows(client) == []


def test_handling_the_conversation_closes_the_red_flag_task_with_the_same_note(programme, make_user):
    nurse = make_user(Role.NURSE)
    patient = texting_patient(programme)
    red_flag(patient)
    conversation_handle(conversation=Conversation.objects.get(patient=patient), actor=nurse,
                        outcome="Called 999 with her partner")
    task = Task.objects.get(patient=patient, kind="red_flag_text")
    assert task.status == "done" and task.outcome_note == "Called 999 with her partner"
    assert ConversationEvent.objects.filter(kind="handled").count() == 1
    assert TimelineEntry.objects.filter(patient=patient, kind="task_done").count() == 1


def test_closing_the_task_leaves_the_rest_of_the_conversation_open(programme, make_user):
    nurse = make_user(Role.NURSE)
    patient = texting_patient(programme)
    inbox_item_create(patient=patient, summary="Asked about the group dates")
    red_flag(patient)
    task = Task.objects.get(patient=patient, kind="red_flag_text")
    task_complete(task=task, actor=nurse, outcome="Rang him: safe")
    conversation = Conversation.objects.get(patient=patient)
    assert conversation.status == "open" and not conversation.urgent
    open_items = list(conversation.items.filter(handled_at__isnull=True).values_list("summary", flat=True))
    assert open_items == ["Asked about the group dates"]
    assert ConversationEvent.objects.get(conversation=conversation, kind="items_handled").note == "Rang him: safe"
    # The conversation no longer needs a note to close: its urgent item is done.
    conversation_handle(conversation=conversation, actor=nurse)
    assert Task.objects.get(pk=task.pk).outcome_note == "Rang him: safe"


def test_an_urgent_task_nobody_takes_is_escalated_to_a_second_person_then_the_lead(programme, make_user):
    lead = make_user(Role.ADMIN)
    patient = PatientFactory(programme=programme)
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        task = task_create(patient=patient, kind="outcome_alert_phq9", title="PHQ-9: self-harm", priority="urgent")
        task_create(patient=patient, kind="callback", title="Routine")

    def run(minutes):
        with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=minutes), tick=False):
            return escalate_urgent()

    def escalations():
        return Task.objects.filter(kind="escalation", source_id=str(task.pk)).order_by("created_at")

    assert run(29) == 0
    assert run(31) == 1 and run(35) == 0
    first = escalations().get()
    assert "second member of the team" in first.title and "PHQ-9" in first.title and first.assigned_to is None
    assert run(61) == 1 and run(180) == 0
    assert escalations().last().assigned_to == lead
    assert Task.objects.get(pk=task.pk).escalation_level == 2


def test_an_urgent_task_someone_has_taken_is_not_escalated(programme, make_user):
    nurse = make_user(Role.NURSE)
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        task = task_create(patient=PatientFactory(programme=programme), kind="x", title="Urgent", priority="urgent")
    Task.objects.filter(pk=task.pk).update(assigned_to=nurse)
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(hours=3), tick=False):
        assert escalate_urgent() == 0


def test_a_red_flag_text_is_escalated_once_through_its_conversation_not_its_task(programme, make_user):
    make_user(Role.ADMIN)
    patient = texting_patient(programme)
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        red_flag(patient)
    with time_machine.travel(WEDNESDAY_10AM + dt.timedelta(minutes=31), tick=False):
        assert escalate_urgent() == 1
    conversation = Conversation.objects.get(patient=patient)
    assert Task.objects.get(kind="escalation").source_id == str(conversation.pk)
