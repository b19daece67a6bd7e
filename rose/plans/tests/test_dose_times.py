"""Issue 13 item 2 (consultation form): dosing times with the amount at each are entered per
medicine and kept in the consultation's regimen as the engine's `doses`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans.models import Consultation

pytestmark = pytest.mark.django_db

MST = "Morphine 30mg modified-release tablets"
ANSWERS = {"regimen_confirmed": "no", "peg_pain": "6", "peg_enjoyment": "6", "peg_activity": "6",
           "goals": "Walk the dog", "decision": "start_plan", "decision_notes": "Agreed",
           **{f"flag_{code}": "no" for code in ("low_mood", "misuse", "sedation", "confusion", "pregnancy",
                                                 "withdrawal")}}


def test_the_consultation_keeps_dosing_times_and_their_amounts(client_for, programme):
    patient = PatientFactory(programme=programme)
    url = reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})
    data = {**ANSWERS, "product_1": MST, "dose_time_1_1": "08:00", "dose_units_1_1": "1", "dose_time_1_2": "20:00",
            "dose_units_1_2": "2"}
    assert client_for(Role.PRESCRIBER).post(url, data).status_code == 302
    consultation = Consultation.objects.get(patient=patient)
    assert consultation.regimen["items"] == [{"product": MST, "doses": [{"time": "08:00", "units": 1},
                                                                       {"time": "20:00", "units": 2}]}]
    assert consultation.ome["total_ome_mg_per_day"] == 90


def test_a_bad_dosing_time_is_refused_and_kept(client_for, programme):
    patient = PatientFactory(programme=programme)
    url = reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})
    response = client_for(Role.PRESCRIBER).post(url, {**ANSWERS, "product_1": MST, "dose_time_1_1": "8pm",
                                                      "dose_units_1_1": "²"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert 'value="8pm"' in body and not Consultation.objects.filter(patient=patient).exists()
