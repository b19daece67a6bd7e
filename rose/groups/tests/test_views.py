from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rose.accounts.roles import Role
from rose.groups import services
from rose.groups.models import AttendanceStatus, Course, CourseSession, EnrolmentStatus
from rose.groups.scheduling import LONDON
from rose.groups.tests.factories import make_cohort, make_enrolled, make_waiting, next_monday
from tests.roles import check_roles

pytestmark = pytest.mark.django_db

CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]
MANAGERS = [Role.ADMIN, Role.COORDINATOR, Role.NURSE]


@pytest.fixture
def cohort(programme):
    return make_cohort(programme)


def test_cohort_list_roles(client_for, cohort):
    check_roles(client_for, reverse("groups:cohort_list"), [*CLINICAL, Role.PEER])


def test_cohort_create_roles(client_for):
    check_roles(client_for, reverse("groups:cohort_create"), MANAGERS)


def test_cohort_detail_roles(client_for, cohort):
    check_roles(client_for, reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk}), CLINICAL)


def test_cohort_edit_and_print_roles(client_for, cohort):
    check_roles(client_for, reverse("groups:cohort_edit", kwargs={"cohort_id": cohort.pk}), MANAGERS)
    check_roles(client_for, reverse("groups:cohort_print", kwargs={"cohort_id": cohort.pk}), MANAGERS)


def test_offer_roles(client_for, cohort):
    check_roles(client_for, reverse("groups:cohort_offer", kwargs={"cohort_id": cohort.pk}), MANAGERS,
                method="post", data={"fill": "1"})


def test_place_pages_roles(client_for, cohort):
    enrolment = make_enrolled(cohort, 1)[0]
    for name in ("groups:enrolment_respond", "groups:enrolment_withdraw"):
        check_roles(client_for, reverse(name, kwargs={"enrolment_id": enrolment.pk}), MANAGERS)


def test_session_pages_roles(client_for, cohort):
    session = cohort.sessions.first()
    for name in ("groups:session_move", "groups:session_cancel", "groups:session_register"):
        check_roles(client_for, reverse(name, kwargs={"session_id": session.pk}), MANAGERS)


def test_calendar_and_report_roles(client_for):
    check_roles(client_for, reverse("groups:calendar_feeds"), [Role.NURSE, Role.PEER])
    check_roles(client_for, reverse("groups:reports"), [*CLINICAL, Role.EVALUATOR])


def test_revoking_someone_elses_feed_is_refused(client_for, make_user):
    owner = make_user(Role.NURSE)
    feed, _ = services.calendar_feed_create(user=owner)
    url = reverse("groups:calendar_feed_revoke", kwargs={"feed_id": feed.pk})
    check_roles(client_for, url, [], method="post")
    from django.test import Client

    from conftest import login_verified

    response = login_verified(Client(), owner).post(url)
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_other_programmes_cohort_is_not_found(client_for, other_programme):
    foreign = make_cohort(other_programme)
    response = client_for(Role.COORDINATOR).get(reverse("groups:cohort_detail", kwargs={"cohort_id": foreign.pk}))
    assert response.status_code == 404


# ---------------------------------------------------------------- the expert service user's view


def test_peer_sees_only_first_names_attendance_and_notes_of_their_own_cohort(client_for, programme):
    client = client_for(Role.PEER)
    cohort = make_cohort(programme, peer=client.user)
    patient = make_enrolled(cohort, 1)[0].patient
    patient.given_name, patient.family_name = "Maureen", "Oddsurname"
    patient.save()
    session = cohort.sessions.order_by("starts_at").first()
    with time_machine.travel(session.starts_at + dt.timedelta(hours=3)):
        services.register_record(session=session, actor=None, took_place=True, notes="Lively pacing chat",
                                 statuses={str(cohort.enrolments.get().pk): AttendanceStatus.ATTENDED})
    html = client.get(reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})).content.decode()
    assert "Maureen" in html
    assert "Lively pacing chat" in html
    assert "Attended" in html
    for forbidden in ("Oddsurname", patient.nhs_number, patient.nhs_number[:3] + " ", patient.mobile,
                      "1960", "/patients/", "NHS number", "Date of birth", "/plans/", "/outcomes/", "/referrals/",
                      "/medicines/", "OME", " mg", "Reduction plan", "questionnaire", "Waitlist", "Offer a place"):
        assert forbidden not in html, forbidden


def test_peer_cannot_see_a_cohort_they_do_not_facilitate(client_for, cohort):
    client = client_for(Role.PEER)
    assert client.get(reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})).status_code == 404
    assert cohort.name not in client.get(reverse("groups:cohort_list")).content.decode()


def test_peer_list_shows_their_own_cohort(client_for, programme):
    client = client_for(Role.PEER)
    mine = make_cohort(programme, name="Peer led cohort", peer=client.user)
    assert mine.name in client.get(reverse("groups:cohort_list")).content.decode()


# ---------------------------------------------------------------- forms and bad input


def _cohort_post(**overrides):
    start = next_monday(3)
    data = {"name": "Summer", "start_date_day": start.day, "start_date_month": start.month,
            "start_date_year": start.year, "start_time": "14:00", "venue_address": "Hall, 2 Road",
            "accessibility_notes": "", "online_link": "", "capacity": "12", "nurse": "", "peer": ""}
    data.update(overrides)
    return data


def test_coordinator_plans_a_cohort_and_sees_missing_facilitator_warnings(client_for, programme):
    client = client_for(Role.COORDINATOR)
    course = services.course_default_for_programme(programme=programme)
    response = client.post(reverse("groups:cohort_create"), _cohort_post(course=str(course.pk)))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "No specialist nurse is facilitating this cohort yet" in page
    assert "No expert service user is facilitating this cohort yet" in page
    assert page.count("/learn/patients/") == 6


@pytest.mark.parametrize(("overrides", "message"), [
    ({"capacity": "abc"}, "Places must be a number"),
    ({"capacity": "0"}, "Places must be 1 or more"),
    ({"start_time": "25:99"}, "Start time must be a time like 14:00"),
    ({"start_date_day": "31", "start_date_month": "2"}, "must be a real date"),
    ({"start_date_year": "2001"}, "must be today or in the future"),
    ({"name": "x" * 300}, "Cohort name must be 200 characters or fewer"),
    ({"name": "Bad\x00name"}, "Remove the special characters"),
    ({"course": "not-a-uuid"}, "Choose a course from the list"),
    ({"venue_address": "", "online_link": ""}, "Enter a venue address or an online meeting link"),
    ({"online_link": "javascript:alert(1)"}, "Enter the online link as a web address"),
])
def test_bad_cohort_input_is_refused_with_a_clear_message(client_for, programme, overrides, message):
    client = client_for(Role.COORDINATOR)
    course = services.course_default_for_programme(programme=programme)
    data = _cohort_post(course=str(course.pk))
    data.update(overrides)
    response = client.post(reverse("groups:cohort_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_facilitator_with_the_wrong_role_is_refused_in_the_form(client_for, programme, make_user):
    client = client_for(Role.COORDINATOR)
    course = services.course_default_for_programme(programme=programme)
    prescriber = make_user(Role.PRESCRIBER, professional_register="GMC", registration_number="1234567")
    response = client.post(reverse("groups:cohort_create"),
                           _cohort_post(course=str(course.pk), nurse=str(prescriber.pk)))
    assert response.status_code == 200
    assert "Choose someone from the list" in response.content.decode()


def test_facilitator_lists_offer_only_nurses_and_expert_service_users(client_for, make_user):
    client = client_for(Role.COORDINATOR)
    nurse = make_user(Role.NURSE)
    peer = make_user(Role.PEER)
    prescriber = make_user(Role.PRESCRIBER, professional_register="GMC", registration_number="1234568")
    html = client.get(reverse("groups:cohort_create")).content.decode()
    nurse_list = html.split('name="nurse"')[1].split("</select>")[0]
    peer_list = html.split('name="peer"')[1].split("</select>")[0]
    assert str(nurse.pk) in nurse_list and str(peer.pk) not in nurse_list
    assert str(peer.pk) in peer_list and str(nurse.pk) not in peer_list
    assert str(prescriber.pk) not in html and str(client.user.pk) not in html


def test_capacity_below_enrolment_is_refused_in_the_form(client_for, cohort):
    make_enrolled(cohort, 2)
    response = client_for(Role.COORDINATOR).post(
        reverse("groups:cohort_edit", kwargs={"cohort_id": cohort.pk}),
        {"name": cohort.name, "venue_address": "Hall", "capacity": "1", "nurse": "", "peer": ""})
    assert response.status_code == 200
    assert "Capacity cannot be less than the 2 patients already enrolled" in response.content.decode()


def test_moving_a_session_before_the_start_is_refused_in_the_form(client_for, cohort):
    session = cohort.sessions.order_by("starts_at")[2]
    early = cohort.start_date - dt.timedelta(days=3)
    response = client_for(Role.NURSE).post(reverse("groups:session_move", kwargs={"session_id": session.pk}), {
        "date_day": early.day, "date_month": early.month, "date_year": early.year, "time": "10:00"})
    assert response.status_code == 200
    assert "A session cannot be before the cohort starts" in response.content.decode()


def test_double_booking_is_refused_with_a_message(client_for, programme):
    client = client_for(Role.COORDINATOR)
    first = make_cohort(programme, name="First")
    second = make_cohort(programme, name="Second")
    enrolment = make_enrolled(first, 1)[0]
    from rose.referrals.models import WaitlistEntry

    WaitlistEntry.objects.filter(pk=enrolment.waitlist_entry_id).update(status="waiting")
    response = client.post(reverse("groups:cohort_offer", kwargs={"cohort_id": second.pk}),
                           {"entry": str(enrolment.waitlist_entry_id)}, follow=True)
    assert "already has a place on another active cohort (First)" in response.content.decode()


def test_offer_with_a_bad_entry_id_is_refused_without_error(client_for, cohort):
    response = client_for(Role.COORDINATOR).post(
        reverse("groups:cohort_offer", kwargs={"cohort_id": cohort.pk}), {"entry": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert "Choose a patient from the waitlist" in response.content.decode()


def test_staff_record_an_answer_and_a_withdrawal(client_for, cohort, programme):
    client = client_for(Role.COORDINATOR)
    entry = make_waiting(programme)
    enrolment = services.enrolment_offer(cohort=cohort, entry=entry)
    url = reverse("groups:enrolment_respond", kwargs={"enrolment_id": enrolment.pk})
    assert "Select the patient&#39;s answer" in client.post(url, {}).content.decode()
    assert client.post(url, {"answer": "accept"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    url = reverse("groups:enrolment_withdraw", kwargs={"enrolment_id": enrolment.pk})
    assert "Enter why the patient is withdrawing" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Moved away"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_register_form_saves_and_refuses_attendance_for_a_cancelled_session(client_for, cohort):
    enrolment = make_enrolled(cohort, 1)[0]
    session = cohort.sessions.order_by("starts_at").first()
    url = reverse("groups:session_register", kwargs={"session_id": session.pk})
    with time_machine.travel(session.starts_at + dt.timedelta(hours=3)):
        client = client_for(Role.NURSE)  # signed in at the session, so the idle timeout does not end it
        response = client.post(url, {"took_place": "no", f"a_{enrolment.pk}": "attended", "notes": ""})
        assert "Attendance cannot be recorded for a session that did not take place" in response.content.decode()
        response = client.post(url, {"took_place": "yes", f"a_{enrolment.pk}": "bogus", "notes": ""})
        assert response.status_code == 200
        response = client.post(url, {"took_place": "yes", f"a_{enrolment.pk}": "late", "notes": "Fine"})
        assert response.status_code == 302
    assert session.attendance.get().status == AttendanceStatus.LATE


# ---------------------------------------------------------------- calendars


def test_facilitator_feed_lists_their_sessions_and_no_patients(client, client_for, programme):
    nurse_client = client_for(Role.NURSE)
    cohort = make_cohort(programme, nurse=nurse_client.user)
    patient = make_enrolled(cohort, 1)[0].patient
    response = nurse_client.post(reverse("groups:calendar_feeds"))
    page = response.content.decode()
    token = page.split("/groups/calendar/")[1].split(".ics")[0]
    feed = client.get(f"/groups/calendar/{token}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 6
    assert "Understanding pain" in body
    assert patient.family_name not in body and patient.given_name not in body
    services.calendar_feed_revoke(feed=nurse_client.user.group_feeds.get(), actor=nurse_client.user)
    assert client.get(f"/groups/calendar/{token}.ics").status_code == 404
    assert client.get("/groups/calendar/guessed-token.ics").status_code == 404


def test_patient_downloads_a_session_calendar_file(client, cohort):
    session = cohort.sessions.first()
    response = client.get(reverse("groups:session_ics", kwargs={"session_id": session.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"SUMMARY:ROSE group: Understanding pain" in response.content


# ---------------------------------------------------------------- reports


def test_reports_show_fill_attendance_completion_and_waitlist_time(client_for, programme):
    cohort = make_cohort(programme, capacity=4)
    enrolments = make_enrolled(cohort, 2, days_ago=10)
    sessions = list(cohort.sessions.order_by("starts_at"))
    with time_machine.travel(sessions[-1].starts_at + dt.timedelta(days=2)):
        for session in sessions:
            services.register_record(session=session, actor=None, took_place=True, statuses={
                str(enrolments[0].pk): "attended", str(enrolments[1].pk): "dna"})
        page = client_for(Role.EVALUATOR).get(reverse("groups:reports")).content.decode()
    assert "50% (2 of 4)" in page
    assert "50%" in page and "(1 of 2)" in page
    assert "median 10 days" in page or "median 11 days" in page
    assert enrolments[0].patient.family_name not in page


# ---------------------------------------------------------------- constant query counts


def _big_course(programme):
    course = Course.objects.create(programme=programme, name="Twelve weeks", completion_required=8)
    CourseSession.objects.bulk_create([CourseSession(course=course, position=i, topic=f"Topic {i}")
                                       for i in range(1, 13)])
    return course


def _cohort_with(programme, *, patients, big):
    if big:
        cohort = services.cohort_create(actor=None, programme=programme, course=_big_course(programme),
                                        name="Big", start_date=next_monday(), start_time=dt.time(10),
                                        venue_address="Hall", capacity=30)
    else:
        cohort = make_cohort(programme, name="Small", capacity=30)
    enrolments = make_enrolled(cohort, patients)
    sessions = list(cohort.sessions.order_by("starts_at"))
    with time_machine.travel(sessions[-1].starts_at + dt.timedelta(days=1)):
        for session in sessions[:3]:
            services.register_record(session=session, actor=None, took_place=True,
                                     statuses={str(e.pk): "attended" for e in enrolments})
    make_waiting(programme)
    return cohort


@pytest.mark.parametrize("name", ["groups:cohort_detail", "groups:cohort_print"])
def test_cohort_pages_run_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries, name):
    client = client_for(Role.COORDINATOR)
    small = _cohort_with(programme, patients=2, big=False)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse(name, kwargs={"cohort_id": small.pk})).status_code == 200
    big = _cohort_with(programme, patients=30, big=True)
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(reverse(name, kwargs={"cohort_id": big.pk}))
    assert response.status_code == 200
    assert response.content.decode().count('scope="row"') >= 30


def test_register_page_runs_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries):
    client = client_for(Role.NURSE)
    small = _cohort_with(programme, patients=2, big=False)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("groups:session_register", kwargs={"session_id": small.sessions.first().pk}))
    big = _cohort_with(programme, patients=30, big=True)
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(reverse("groups:session_register", kwargs={"session_id": big.sessions.first().pk}))
    assert response.content.decode().count('type="radio"') == 2 + 30 * 5


def test_reports_run_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries):
    client = client_for(Role.COORDINATOR)
    _cohort_with(programme, patients=2, big=False)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("groups:reports"))
    _cohort_with(programme, patients=30, big=True)
    with django_assert_max_num_queries(len(small_queries)):
        client.get(reverse("groups:reports"))


def test_patient_page_shows_the_group_panel(client_for, cohort):
    enrolment = make_enrolled(cohort, 1)[0]
    page = client_for(Role.NURSE).get(reverse("patients:detail", kwargs={"patient_id": enrolment.patient.pk}))
    html = page.content.decode()
    assert "Group course" in html and cohort.name in html


def test_session_times_are_shown_in_london_time(cohort):
    session = cohort.sessions.first()
    assert session.starts_at.astimezone(LONDON).hour == 14


def test_the_cohort_page_offers_only_the_links_each_role_may_follow(client_for, cohort):
    url = reverse("groups:cohort_detail", kwargs={"cohort_id": cohort.pk})
    prescriber_page = client_for(Role.PRESCRIBER).get(url).content.decode()
    nurse_page = client_for(Role.NURSE).get(url).content.decode()
    for link in ("/register/", "/print/", "/move/", "/change/"):
        assert link not in prescriber_page, link
        assert link in nurse_page, link
