"""Issue 13 item 8: the referral's safety facts (risk flags, co-prescribed benzodiazepines,
gabapentinoids and z-drugs, the OME when referred) show on the patient record, the consultation,
plan approval and the GP letter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans.services.documents import document_html
from rose.plans.tests.factories import draft_plan
from rose.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _referred_patient(programme, **referral):
    patient = PatientFactory(programme=programme)
    fields = {"risk_flags": ["overdose", "suicidal"], "other_medicines": ["benzodiazepine", "antidepressant", "z-drug"],
              "total_ome_mg": 60, "ome_table": "opioids-aware-2020", "reference": "ROSE-SAFE-0001"}
    fields.update(referral)
    ReferralFactory(programme=programme, patient=patient, **fields)
    return patient


def _assert_facts(body: str) -> None:
    assert "Safety facts from the referral" in body
    assert "Previous overdose, Suicidal thoughts or self-harm" in body
    assert "Benzodiazepines (for example diazepam), Z-drugs (zopiclone, zolpidem)" in body
    assert "Antidepressants" not in body.split("Safety facts from the referral")[1].split("</ul>")[0]
    assert "60 mg oral morphine equivalent a day" in body or "60 mg a day" in body
    assert "opioids-aware-2020" in body and "ROSE-SAFE-0001" in body


def test_patient_record_consultation_and_approval_show_the_facts(client_for, programme):
    patient = _referred_patient(programme)
    plan = draft_plan(patient, start=dt.date(2027, 1, 4))
    nurse, prescriber = client_for(Role.NURSE), client_for(Role.PRESCRIBER)
    for client, url in [
        (nurse, reverse("patients:detail", kwargs={"patient_id": patient.pk})),
        (prescriber, reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})),
        (nurse, reverse("plans:consultation", kwargs={"consultation_id": plan.consultation.pk})),
        (prescriber, reverse("plans:approve", kwargs={"plan_id": plan.pk})),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_facts(response.content.decode())


def test_the_gp_letter_gives_the_facts(programme):
    patient = _referred_patient(programme)
    plan = draft_plan(patient, start=dt.date(2027, 1, 4))
    _assert_facts(document_html(plan.latest_version, "gp_letter"))


def test_no_risks_and_no_sedatives_say_none_recorded_and_an_unknown_ome_no_number(client_for, programme):
    patient = _referred_patient(programme, risk_flags=[], other_medicines=["antidepressant"], total_ome_mg=None)
    body = client_for(Role.NURSE).get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
    facts = body.split("Safety facts from the referral")[1]
    assert "Risk flags: <strong>none recorded" in facts
    assert "z-drugs also prescribed: <strong>none recorded" in facts
    assert "OME when referred: <strong>not calculable" in facts


def test_a_patient_without_a_referral_shows_no_facts(client_for, programme):
    patient = PatientFactory(programme=programme)
    body = client_for(Role.NURSE).get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).content.decode()
    assert "Safety facts from the referral" not in body


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_showing_the_facts_run_a_constant_number_of_queries(client_for, programme,
                                                                     django_assert_max_num_queries):
    from rose.plans import services

    patient = _referred_patient(programme)
    plan = draft_plan(patient, start=dt.date(2027, 1, 4))
    prescriber = client_for(Role.PRESCRIBER)
    urls = [reverse("plans:approve", kwargs={"plan_id": plan.pk}),
            reverse("plans:consultation", kwargs={"consultation_id": plan.consultation.pk}),
            reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})]
    small = [_queries(prescriber, url) for url in urls]
    for _ in range(8):
        services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=7, reason="x")
    ReferralFactory(programme=programme, patient=patient, risk_flags=["overdose"], reference="ROSE-SAFE-0002",
                    regimen={"items": [{"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1,
                                        "times_per_day": 2},
                                       {"product": "Morphine sulfate 10mg/5ml oral solution", "units_per_dose": 5,
                                        "times_per_day": 4, "as_needed": True},
                                       {"product": "Codeine 30mg tablets", "units_per_dose": 2, "times_per_day": 4}]})
    for url, count in zip(urls, small, strict=True):
        with django_assert_max_num_queries(count):
            assert prescriber.get(url).status_code == 200
