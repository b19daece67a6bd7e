"""The patient portal: reached only through a text link, shows only the patient's own data, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import reset_queries
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rose.audit.models import AuditAction, AuditEvent
from rose.groups.tests.factories import make_cohort, make_enrolled
from rose.hub.models import AssignmentStatus, LearningAssignment
from rose.hub.tests.factories import article, assignment
from rose.hub.tests.portal_helpers import dob_data, portal_client
from rose.messaging.models import InboxItem
from rose.outcomes.tests.factories import invite
from rose.patients.access_links import access_link_create
from rose.patients.models import AccessLink
from rose.patients.tests.factories import PatientFactory
from rose.plans.tests.factories import approved_plan, draft_plan

pytestmark = pytest.mark.django_db


def test_portal_link_opens_the_portal_and_writes_audit_rows(patient):
    client = portal_client(patient)
    response = client.get("/portal/")
    assert response.status_code == 200
    assert f"Hello {patient.known_as}".encode() in response.content
    events = AuditEvent.objects.filter(patient_id=patient.pk, action=AuditAction.PORTAL)
    assert {e.detail.get("event") for e in events} >= {"link_opened", "view"}


def test_portal_without_a_link_explains_how_to_get_in(db):
    response = Client().get("/portal/")
    assert response.status_code == 403
    assert b"Open the link in your latest text message" in response.content


@pytest.mark.parametrize("state", ["expired", "used"])
def test_expired_or_used_link_is_refused_with_a_way_to_ask_for_a_new_one(patient, state):
    token = access_link_create(patient=patient, purpose="portal")
    link = AccessLink.objects.get(patient=patient)
    if state == "expired":
        link.expires_at = timezone.now() - dt.timedelta(minutes=1)
        link.save()
    else:
        portal_client(patient, Client())  # uses a different link; now use this one up too
        Client().post(f"/p/{token}", dob_data(patient))
    response = Client().get(f"/p/{token}")
    assert response.status_code == 410
    assert b"Ask for a new link" in response.content
    assert (b"expired" if state == "expired" else b"already been used") in response.content
    assert Client().post(f"/p/{token}/new").status_code == 200
    assert patient.tasks.filter(kind="new_link_requested").exists() if hasattr(patient, "tasks") else True


def test_portal_shows_the_approved_plan_step_and_next_change(patient):
    approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=1))
    content = portal_client(patient).get("/portal/").content.decode()
    assert "Your medicine plan" in content
    assert "Now" in content and "Your next change" in content


def test_portal_never_shows_a_draft_plan(patient):
    draft_plan(patient, start=timezone.localdate())
    content = portal_client(patient).get("/portal/").content.decode()
    assert "You do not have a medicine plan in progress" in content


def test_portal_lists_sessions_with_a_calendar_file(programme):
    cohort = make_cohort(programme)
    enrolled = make_enrolled(cohort, 1)[0].patient
    client = portal_client(enrolled)
    content = client.get("/portal/").content.decode()
    session = cohort.sessions.order_by("starts_at").first()
    assert session.topic in content
    ics = client.get(f"/portal/sessions/{session.pk}/calendar.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content


def test_questionnaires_due_are_listed_and_open_from_the_portal(patient):
    invitation = invite(patient, anchor=timezone.localdate())
    client = portal_client(patient)
    content = client.get("/portal/").content.decode()
    assert invitation.event.label in content
    start = reverse("outcomes:portal_start", kwargs={"invitation_id": invitation.pk})
    assert start in content
    assert client.get(start).status_code == 200


def test_patient_marks_an_assigned_page_as_read(patient):
    page = article(slug="to-read", title="Page to read")
    item = assignment(patient=patient, page=page)
    client = portal_client(patient)
    assert b"Page to read" in client.get("/portal/").content
    response = client.post(f"/portal/learning/{item.pk}/", {"status": "completed"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == AssignmentStatus.COMPLETED and item.completed_at
    assert item.transitions.filter(to_status="completed", actor_label="patient").exists()
    assert AuditEvent.objects.filter(patient_id=patient.pk, detail__event="learning_progress").exists()


def test_progress_with_bad_input_is_not_a_500(patient):
    item = assignment(patient=patient, page=article(slug="bad-input"))
    client = portal_client(patient)
    assert client.post(f"/portal/learning/{item.pk}/", {"status": "withdrawn"}).status_code == 302
    assert client.post(f"/portal/learning/{item.pk}/", {"status": "\x00"}).status_code == 302
    item.refresh_from_db()
    assert item.status == AssignmentStatus.ASSIGNED


def test_guessing_another_patients_identifiers_gives_404(programme, patient):
    other = PatientFactory(programme=programme)
    theirs = assignment(patient=other, page=article(slug="theirs"))
    cohort = make_cohort(programme)
    their_session = make_enrolled(cohort, 1)[0]
    client = portal_client(patient)
    assert client.post(f"/portal/learning/{theirs.pk}/", {"status": "read"}).status_code == 404
    session = cohort.sessions.first()
    assert client.get(f"/portal/sessions/{session.pk}/calendar.ics").status_code == 404
    assert their_session.patient.given_name.encode() not in client.get("/portal/").content
    theirs.refresh_from_db()
    assert theirs.status == AssignmentStatus.ASSIGNED


def test_call_back_request_lands_in_the_nurse_inbox(patient):
    client = portal_client(patient)
    assert client.get("/portal/call-back/").status_code == 200
    response = client.post("/portal/call-back/", {"reason": "symptoms", "best_time": "morning"})
    assert response.status_code == 200
    item = InboxItem.objects.get(patient=patient)
    assert item.urgent and "Call back requested" in item.summary
    assert AuditEvent.objects.filter(patient_id=patient.pk, detail__event="call_back").exists()


def test_call_back_form_errors_are_specific(patient):
    client = portal_client(patient)
    response = client.post("/portal/call-back/", {"reason": "nonsense", "best_time": "\x07"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not InboxItem.objects.filter(patient=patient).exists()


def test_signing_out_ends_the_portal_session(patient):
    client = portal_client(patient)
    assert client.post("/portal/sign-out/").status_code == 200
    assert client.get("/portal/").status_code == 403


def test_portal_shows_no_staff_only_information(patient):
    approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=1))
    content = portal_client(patient).get("/portal/").content.decode()
    assert patient.nhs_number not in content
    assert "Sign out" not in content  # no staff user bar
    assert "mg OME" not in content and 'href="/patients/' not in content and "/staff-hub/" not in content


def test_contact_details_come_from_the_programme(patient):
    patient.programme.contact_phone = "0161 000 0000"
    patient.programme.contact_hours = "Monday to Friday, 9am to 5pm"
    patient.programme.save()
    content = portal_client(patient).get("/portal/").content.decode()
    assert "0161 000 0000" in content and "Monday to Friday, 9am to 5pm" in content


@pytest.mark.parametrize("count", [1, 6])
def test_portal_home_runs_a_constant_number_of_queries(programme, count, django_assert_max_num_queries):
    cohort = make_cohort(programme)
    patient = make_enrolled(cohort, 1)[0].patient
    approved_plan(patient, start=timezone.localdate() - dt.timedelta(days=1))
    invite(patient, anchor=timezone.localdate())
    for index in range(count):
        assignment(patient=patient, page=article(slug=f"count-{count}-{index}", title=f"Page {index}"))
    client = portal_client(patient)
    reset_queries()  # the request_started signal clears the log inside the block
    with django_assert_max_num_queries(16):
        assert client.get("/portal/").status_code == 200


def test_assignment_transitions_are_append_only(patient):
    item = assignment(patient=patient, page=article(slug="append-only"))
    from rose.hub.services import assignment_record_progress

    assignment_record_progress(assignment=item, status="read")
    transition = item.transitions.get()
    transition.reason = "changed"
    with pytest.raises(ValueError):
        transition.save()
    assert LearningAssignment.objects.get(pk=item.pk).status == "read"


def test_portal_lists_one_to_one_appointments_with_a_calendar_file(programme, patient, make_user):
    from rose.patients.tests.factories import PatientFactory
    from rose.plans import services as plan_services
    from rose.plans.models import SlotMode
    from rose.plans.tests.factories import prescriber_for

    slot = plan_services.slot_create(actor=prescriber_for(programme), starts_at=timezone.now() + dt.timedelta(days=4),
                                     duration_minutes=30, mode=SlotMode.TELEPHONE)
    booking = plan_services.booking_create(slot=slot, patient=patient, actor=make_user("coordinator"))
    client = portal_client(patient)
    content = client.get("/portal/").content.decode()
    ics_url = reverse("hub:portal_appointment_calendar", kwargs={"booking_id": booking.pk})
    assert "Telephone appointment" in content and ics_url in content
    ics = client.get(ics_url)
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    other = portal_client(PatientFactory(programme=programme))
    assert other.get(ics_url).status_code == 404
