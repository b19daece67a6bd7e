"""Issue 13 item 6: every dose of an oral solution reads in ml and mg, on screen, in the texts, the
patient plan and the GP letter, including steps saved before the engine gave the words and steps
changed by hand."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans import presenters, services
from rose.plans.models import PlanDocument
from rose.plans.services.lifecycle import nudge_text
from rose.plans.steps import DoseWords, dose_sentence
from rose.plans.tests.factories import draft_plan, prescriber_for
from rose.plans.tests.test_services import pdf_text

pytestmark = pytest.mark.django_db

LIQUID = {"items": [{"product": "Morphine sulfate 10mg/5ml oral solution", "units_per_dose": 10,
                     "times_per_day": 2}]}
ML_AND_MG = re.compile(r"\d+(\.\d+)? ml \(\d+(\.\d+)? mg\) of morphine sulfate 10 mg/5 ml oral solution")
ML_ALONE = re.compile(r"\d+(\.\d+)? ?ml(?! \()", re.IGNORECASE)


def _liquid_plan(patient):
    return draft_plan(patient, start=dt.date(2027, 1, 4), regimen=LIQUID)


def _ml_without_mg(text):
    """Volumes not followed by their mg: the product name's own "10mg/5ml" is not a dose."""
    return [m.group(0) for m in ML_ALONE.finditer(text.replace("10 mg/5 ml", "").replace("10mg/5ml", ""))]


def test_every_liquid_dose_on_the_plan_page_says_ml_and_mg(client_for, programme):
    plan = _liquid_plan(PatientFactory(programme=programme))
    body = client_for(Role.NURSE).get(reverse("plans:plan", kwargs={"plan_id": plan.pk})).content.decode()
    assert re.search(ML_AND_MG.pattern + r" \(at 8am\)", body)
    table = body[body.index("<table"):body.index("</table>")]
    assert _ml_without_mg(table) == []


def test_steps_saved_before_the_engine_gave_words_still_say_ml_and_mg(patient):
    plan = _liquid_plan(patient)
    steps = plan.latest_version.steps
    legacy = [{**step, "administrations": [{k: v for k, v in adm.items() if k not in ("dose_text", "dose_mg", "slot")}
                                           for adm in step["administrations"]]} for step in steps]
    rows = presenters.step_rows(legacy)
    assert rows == presenters.step_rows(steps)
    first = steps[0]["administrations"][0]
    ml = Decimal(str(first["units"]))
    assert rows[0]["doses"][0] == (f"{ml.normalize():f} ml ({(ml * 2).normalize():f} mg) of morphine sulfate "
                                   "10 mg/5 ml oral solution (at 8am)")
    assert re.fullmatch(r"\d+(\.\d+)? ml \(\d+(\.\d+)? mg\) of morphine sulfate 10 mg/5 ml oral solution",
                        rows[0]["supply"][0])
    weeks = presenters.patient_weeks(legacy)
    assert weeks == presenters.patient_weeks(steps)
    assert re.search(ML_AND_MG.pattern + " at 8am", weeks[0]["what"])


def test_a_liquid_dose_changed_by_hand_gets_new_words(patient):
    plan = _liquid_plan(patient)
    step = plan.latest_version.steps[1]
    units = [Decimal(str(adm["units"])) for adm in step["administrations"]]
    units[-1] = units[-1] - Decimal("2.5")
    version = services.plan_step_adjust(plan=plan, actor=plan.created_by, step_number=2,
                                        start_date=dt.date.fromisoformat(step["start_date"]),
                                        end_date=dt.date.fromisoformat(step["end_date"]), units=units,
                                        reason="Smaller evening dose", override=True, override_reason="Checked")
    changed = version.steps[1]["administrations"][-1]
    assert changed["units"] == float(units[-1]) or changed["units"] == int(units[-1])
    expected_mg = units[-1] * 2
    assert changed["dose_text"].startswith(f"{units[-1].normalize():f} ml ({expected_mg.normalize():f} mg) of ")
    assert Decimal(str(changed["dose_mg"])) == expected_mg


def test_the_named_text_message_gives_ml_and_mg():
    adm = {"product": "Morphine sulfate 10mg/5ml oral solution", "units": 2.5, "unit": "ml", "time": "20:00"}
    text = nudge_text(previous={"administrations": [adm]}, step={"administrations": [adm]}, named=True)
    assert "2.5 ml (5 mg) of morphine sulfate 10 mg/5 ml oral solution at 8pm" in text
    assert dose_sentence([adm], DoseWords()) == "2.5 ml (5 mg) of morphine sulfate 10 mg/5 ml oral solution at 8pm"


def test_patient_plan_and_gp_letter_give_ml_and_mg(patient, django_capture_on_commit_callbacks):
    plan = _liquid_plan(patient)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(plan=plan, actor=prescriber_for(patient.programme), version_number=1)
    for document in PlanDocument.objects.filter(version__plan=plan):
        printed = pdf_text(bytes(document.pdf))
        assert ML_AND_MG.search(printed), document.kind
        assert _ml_without_mg(printed) == [], document.kind


def test_consultation_page_gives_the_referred_liquid_in_ml_and_mg(client_for, programme):
    from rose.referrals.tests.factories import ReferralFactory

    patient = PatientFactory(programme=programme)
    ReferralFactory(programme=programme, patient=patient, regimen=LIQUID)
    body = client_for(Role.PRESCRIBER).get(reverse("plans:consultation_create", kwargs={"patient_id": patient.pk}))
    assert "10 ml (20 mg) of morphine sulfate 10 mg/5 ml oral solution, 2 times a day: 40 mg OME a day" in \
        body.content.decode()
