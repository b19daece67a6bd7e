"""Audit walk cases for outcome pages (see tests/test_audit_walk.py)."""

from django.urls import reverse

from rose.accounts.roles import Role
from rose.outcomes.tests.factories import invite, response
from rose.patients.tests.factories import PatientFactory


def _patient_page(make_user):
    user = make_user(Role.NURSE)
    patient = PatientFactory(programme=user.programme)
    return user, reverse("outcomes:patient", kwargs={"patient_id": patient.pk})


def _phone_entry(make_user):
    user = make_user(Role.NURSE)
    patient = PatientFactory(programme=user.programme)
    resp = response(invite(patient, send=False), "peg")
    return user, reverse("outcomes:phone_entry", kwargs={"patient_id": patient.pk, "response_id": resp.pk})


def _fhir(make_user):
    user = make_user(Role.NURSE)
    patient = PatientFactory(programme=user.programme)
    resp = response(invite(patient, send=False), "peg")
    return user, reverse("outcomes:response_fhir", kwargs={"response_id": resp.pk})


def _send_link(make_user):
    user = make_user(Role.NURSE)
    patient = PatientFactory(programme=user.programme)
    invite(patient, send=False)
    return user, reverse("outcomes:send_link", kwargs={"patient_id": patient.pk})


CASES = {
    "outcomes:patient": _patient_page,
    "outcomes:send_link": _send_link,
    "outcomes:phone_entry": _phone_entry,
    "outcomes:response_fhir": _fhir,
}
