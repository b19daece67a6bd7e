"""Course templates: the sessions each new cohort is made from, edited by the clinical team."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.groups import services
from rose.groups.models import Course
from rose.groups.tests.factories import make_cohort, next_monday
from tests.roles import check_roles

pytestmark = pytest.mark.django_db

MANAGERS = [Role.ADMIN, Role.COORDINATOR, Role.NURSE]


def _course(programme, name="Living well with pain", topics=("Welcome", "Pacing", "Sleep")):
    return services.course_save(programme=programme, actor=None, name=name, completion_required=2,
                                sessions=[{"topic": t, "duration_minutes": 90, "learning_url": ""} for t in topics])


def _post(**changes):
    data = {"rows": "4", "name": "Living well with pain", "description": "Shorter evening course",
            "completion_required": "2",
            "session_1_topic": "Welcome", "session_1_duration": "90", "session_1_learning_url": "/learn/patients/",
            "session_2_topic": "", "session_2_duration": "", "session_2_learning_url": "",
            "session_3_topic": "Pacing", "session_3_duration": "90",
            "session_3_learning_url": "https://www.nhs.uk/live-well/",
            "session_4_topic": "", "session_4_duration": "", "session_4_learning_url": ""}
    data.update(changes)
    return data


def test_course_pages_roles(client_for, programme):
    course = _course(programme)
    check_roles(client_for, reverse("groups:course_list"), MANAGERS)
    check_roles(client_for, reverse("groups:course_create"), MANAGERS)
    check_roles(client_for, reverse("groups:course_edit", kwargs={"course_id": course.pk}), MANAGERS)
    check_roles(client_for, reverse("groups:course_create"), MANAGERS, method="post", data=_post(name="Another"))


def test_a_nurse_adds_a_course_and_new_cohorts_use_its_sessions(client_for, programme):
    nurse = client_for(Role.NURSE)
    response = nurse.post(reverse("groups:course_create"), _post())
    assert response.status_code == 302
    course = Course.objects.get(programme=programme, name="Living well with pain")
    sessions = list(course.sessions.order_by("position"))
    assert [(s.position, s.topic, s.duration_minutes) for s in sessions] == [(1, "Welcome", 90), (2, "Pacing", 90)]
    assert sessions[1].learning_url == "https://www.nhs.uk/live-well/"
    assert course.completion_required == 2
    assert AuditEvent.objects.filter(object_id=str(course.pk), action="create", actor=nurse.user).exists()
    cohort = make_cohort(programme, course=course, start=next_monday(weeks=3))
    assert [s.topic for s in cohort.sessions.order_by("position")] == ["Welcome", "Pacing"]


def test_changing_a_course_leaves_planned_cohorts_alone(client_for, programme):
    course = _course(programme)
    cohort = make_cohort(programme, course=course, start=next_monday(weeks=3))
    coordinator = client_for(Role.COORDINATOR)
    page = coordinator.get(reverse("groups:course_edit", kwargs={"course_id": course.pk})).content.decode()
    assert 'value="Pacing"' in page and 'name="session_6_topic"' in page  # 3 sessions and 3 spare rows
    response = coordinator.post(reverse("groups:course_edit", kwargs={"course_id": course.pk}),
                                _post(session_1_topic="Hello and welcome"))
    assert response.status_code == 302
    assert [s.topic for s in course.sessions.order_by("position")] == ["Hello and welcome", "Pacing"]
    assert [s.topic for s in cohort.sessions.order_by("position")] == ["Welcome", "Pacing", "Sleep"]
    assert AuditEvent.objects.filter(object_id=str(course.pk), action="update").exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Enter a name for the course"),
    ({"session_1_topic": "", "session_3_topic": "", "session_1_duration": "", "session_3_duration": "",
      "session_1_learning_url": "", "session_3_learning_url": ""}, "session_1_topic",
     "Enter the topic of at least one session"),
    ({"session_2_duration": "60"}, "session_2_topic", "Enter a topic for session 2, or clear its other boxes"),
    ({"session_3_duration": ""}, "session_3_duration", "Enter how long session 3 lasts, in minutes"),
    ({"session_3_duration": "5"}, "session_3_duration", "Session 3 must last at least 15 minutes"),
    ({"session_3_duration": "two hours"}, "session_3_duration", "Enter the length of session 3 in minutes, like 120"),
    ({"session_1_learning_url": "javascript:alert(1)"}, "session_1_learning_url",
     "Enter the learning material for session 1 as a hub page starting / or a web address starting https://"),
    ({"session_1_learning_url": "//evil.example/"}, "session_1_learning_url", "as a hub page starting /"),
    ({"completion_required": "3"}, "completion_required",
     "A patient cannot need more sessions than the course has (2)"),
    ({"completion_required": "0"}, "completion_required", "A patient must attend at least 1 session"),
    ({"rows": "many"}, None, None),  # a tampered hidden field falls back to the usual rows
])
def test_bad_course_input_is_refused_with_a_specific_message_and_kept(client_for, programme, changes, field, message):
    client = client_for(Role.COORDINATOR)
    data = _post(**changes)
    response = client.post(reverse("groups:course_create"), data)
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page and f'href="#id_{field}"' in page
    assert ">Shorter evening course</textarea>" in page  # what was typed is kept
    if data["name"]:
        assert f'value="{data["name"]}"' in page
    assert not Course.objects.filter(name="Living well with pain").exists()


def test_a_course_name_is_unique_in_the_programme(client_for, programme):
    _course(programme)
    response = client_for(Role.ADMIN).post(reverse("groups:course_create"), _post(name="living well WITH pain"))
    assert response.status_code == 200
    assert "There is already a course called living well WITH pain" in response.content.decode()


def test_another_programmes_course_is_not_found(client_for, programme, other_programme):
    theirs = _course(other_programme)
    client = client_for(Role.ADMIN)
    assert client.get(reverse("groups:course_edit", kwargs={"course_id": theirs.pk})).status_code == 404
    assert client.post(reverse("groups:course_edit", kwargs={"course_id": theirs.pk}), _post()).status_code == 404
    assert "Living well with pain" not in client.get(reverse("groups:course_list")).content.decode()


def test_course_list_runs_a_constant_number_of_queries(client_for, programme, django_assert_max_num_queries):
    client = client_for(Role.COORDINATOR)
    _course(programme, name="One")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("groups:course_list")).status_code == 200
    for index in range(10):
        course = _course(programme, name=f"Course {index}", topics=[f"Topic {n}" for n in range(8)])
        make_cohort(programme, course=course, name=f"Cohort {index}", start=next_monday(weeks=3))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("groups:course_list"))
    page = response.content.decode()
    assert page.count("Change<span") == 12  # the default course, One and ten more
    # counts per course: 8 sessions and 1 cohort each for the ten, 3 sessions and no cohort for "One"
    cell = '<td class="nhsuk-table__cell">{}</td>\n      <td class="nhsuk-table__cell">{}</td>'
    assert page.count(cell.format("2 of 8 attended", 1)) == 10
    assert cell.format("2 of 3 attended", 0) in page
