from __future__ import annotations

from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory


def texting_patient(programme, **kwargs):
    """An active patient with a mobile who has consented to texts."""
    patient = PatientFactory(programme=programme, **kwargs)
    consent_record(patient=patient, kind="texts", given=True, source="staff")
    return patient
