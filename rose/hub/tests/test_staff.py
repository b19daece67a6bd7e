"""Staff pages: assigning learning pages (clinical team, audited, scoped) and the Wagtail admin gate."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditAction, AuditEvent
from rose.hub.models import AssignmentStatus, LearningAssignment
from rose.hub.tests.factories import article, assignment
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db

CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]


def learning_url(patient) -> str:
    return reverse("hub:learning", kwargs={"patient_id": patient.pk})


def test_learning_page_roles(client_for, patient):
    check_roles(client_for, learning_url(patient), CLINICAL)


def test_assign_roles(client_for, patient):
    page = article(slug="assign-roles")
    check_roles(client_for, learning_url(patient), CLINICAL, method="post", data={"page": page.pk})


def test_nurse_assigns_a_page_and_it_is_audited(client_for, patient):
    page = article(slug="assign-me", title="Assign me")
    nurse = client_for(Role.NURSE)
    response = nurse.post(learning_url(patient), {"page": page.pk})
    assert response.status_code == 302
    item = LearningAssignment.objects.get(patient=patient, page=page)
    assert item.assigned_by == nurse.user and item.programme_id == patient.programme_id
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, patient_id=patient.pk, actor=nurse.user).exists()
    assert patient.timeline.filter(kind="learning_assigned").exists()
    assert b"Assign me" in nurse.get(learning_url(patient)).content


def test_viewing_the_learning_page_is_audited(client_for, patient):
    nurse = client_for(Role.NURSE)
    nurse.get(learning_url(patient))
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, patient_id=patient.pk, actor=nurse.user).exists()


@pytest.mark.parametrize("value", ["", "abc", "999999", "\x00", "1" * 500])
def test_assign_bad_input_gives_a_specific_error(client_for, patient, value):
    response = client_for(Role.NURSE).post(learning_url(patient), {"page": value})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not LearningAssignment.objects.filter(patient=patient).exists()


def test_draft_pages_cannot_be_assigned(client_for, patient):
    draft = article(slug="draft-only", live=False)
    response = client_for(Role.NURSE).post(learning_url(patient), {"page": draft.pk})
    assert response.status_code == 200
    assert not LearningAssignment.objects.filter(patient=patient).exists()


def test_patient_of_another_programme_is_404(client_for, other_programme):
    stranger = PatientFactory(programme=other_programme)
    assert client_for(Role.NURSE).get(learning_url(stranger)).status_code == 404


def test_withdraw_an_assignment(client_for, patient):
    item = assignment(patient=patient, page=article(slug="withdraw-me"))
    url = reverse("hub:learning_withdraw", kwargs={"patient_id": patient.pk, "assignment_id": item.pk})
    assert client_for(Role.NURSE).post(url).status_code == 302
    item.refresh_from_db()
    assert item.status == AssignmentStatus.WITHDRAWN


def test_withdraw_roles(client_for, patient):
    item = assignment(patient=patient, page=article(slug="withdraw-roles"))
    url = reverse("hub:learning_withdraw", kwargs={"patient_id": patient.pk, "assignment_id": item.pk})
    check_roles(client_for, url, CLINICAL, method="post")


def test_withdraw_another_patients_assignment_is_404(client_for, programme, patient):
    other = PatientFactory(programme=programme)
    theirs = assignment(patient=other, page=article(slug="not-yours"))
    url = reverse("hub:learning_withdraw", kwargs={"patient_id": patient.pk, "assignment_id": theirs.pk})
    assert client_for(Role.NURSE).post(url).status_code == 404


def test_learning_panel_on_the_patient_page(client_for, patient):
    assignment(patient=patient, page=article(slug="panel-page", title="Panel page"))
    content = client_for(Role.NURSE).get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content
    assert b"Learning pages" in content and b"Panel page" in content
    assert b"Panel page (" in content  # with its status


def test_learning_panel_runs_the_same_queries_for_one_and_four_pages(client_for, patient):
    """The panel reads only the assignment's status and the page's title: no deferred column is
    fetched row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.NURSE)
    url = reverse("patients:detail", kwargs={"patient_id": patient.pk})
    counts = []
    for index in range(4):
        assignment(patient=patient, page=article(slug=f"panel-page-{index}", title=f"Panel page {index}"))
        if index in (0, 3):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                content = client.get(url).content.decode()
            counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert all(f"Panel page {index}" in content for index in range(4))


def test_staff_pages_need_two_factor(make_user, patient):
    client = Client()
    client.force_login(make_user(Role.NURSE))  # password only, no second factor
    for url in (learning_url(patient), reverse("hub:reviews"), "/cms/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor"), url


@override_settings(WAGTAILADMIN_LOGIN_URL="accounts:login")
def test_wagtail_admin_sends_anonymous_users_to_the_rose_sign_in():
    response = Client().get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_wagtail_admin_opens_for_a_verified_editor(client_for):
    from django.contrib.auth.models import Group

    editor = client_for(Role.NURSE)
    editor.user.groups.add(Group.objects.get(name="Editors"))
    assert editor.get("/cms/").status_code == 200
    assert editor.get("/cms/pages/").status_code in (200, 302)


@override_settings(WAGTAILADMIN_LOGIN_URL="accounts:login")
@pytest.mark.parametrize("role", [Role.REFERRER, Role.PEER, Role.EVALUATOR])
def test_wagtail_admin_refuses_staff_who_are_not_editors(client_for, role):
    response = client_for(role).get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
