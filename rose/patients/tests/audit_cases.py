"""Audit walk cases for patient pages (see tests/test_audit_walk.py)."""

from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory


def _patient_page(name):
    def build(make_user):
        user = make_user(Role.ADMIN)
        patient = PatientFactory(programme=user.programme)
        return user, reverse(name, kwargs={"patient_id": patient.pk})

    return build


def _search(make_user):
    user = make_user(Role.NURSE)
    PatientFactory(programme=user.programme, family_name="Audited")

    def prepare(client):
        client.post(reverse("patients:list"), {"q": "audited"})

    return user, reverse("patients:list"), prepare


def _tasks(make_user):
    from rose.patients.services import task_create

    user = make_user(Role.NURSE)
    task_create(patient=PatientFactory(programme=user.programme), kind="test", title="Call back")
    return user, reverse("patients:tasks")


def _task_close(make_user):
    from rose.patients.services import task_create

    user = make_user(Role.NURSE)
    task = task_create(patient=PatientFactory(programme=user.programme), kind="test", title="Urgent",
                       priority="urgent")
    return user, reverse("patients:task_complete", kwargs={"task_id": task.pk})


CASES = {
    "patients:tasks": _tasks,
    "patients:task_complete": _task_close,
    "patients:list": _search,
    "patients:detail": _patient_page("patients:detail"),
    "patients:edit": _patient_page("patients:edit"),
    "patients:consent": _patient_page("patients:consent"),
    "patients:status": _patient_page("patients:status"),
    "patients:access_log": _patient_page("patients:access_log"),
}
