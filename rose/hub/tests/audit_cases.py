"""Audit walk cases for hub staff pages that show patient data (see tests/test_audit_walk.py)."""

from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory


def _learning(make_user):
    user = make_user(Role.NURSE)
    patient = PatientFactory(programme=user.programme)
    return user, reverse("hub:learning", kwargs={"patient_id": patient.pk})


def _caseload(make_user):
    return make_user(Role.NURSE), reverse("hub:caseload") + "?show=awaiting"


CASES = {
    "hub:learning": _learning,
    "hub:caseload": _caseload,
}
