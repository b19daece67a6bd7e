"""Issue 13 item 7: documents a patient and a GP can act on. The patient plan is a dated table by
step (large print, with an easy-read version); patches say to take off the old one and when; the
GP letter has the service's letterhead, an actions box with prescriptions of at most 30 days,
what to stop, review dates and the engine's warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from rose.plans import presenters, services
from rose.plans.models import PlanDocument
from rose.plans.tests.factories import draft_plan, prescriber_for
from rose.plans.tests.test_services import pdf_text

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 4)
MR_AND_PRN = {"items": [
    {"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2},
    {"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 2, "as_needed": True},
]}
PATCH = {"items": [{"product": "Fentanyl 25micrograms/hour transdermal patches", "units_per_dose": 1}]}


def _adm(time, units=1, product="Morphine 30mg modified-release tablets", unit="tablet"):
    return {"time": time, "product": product, "units": units, "unit": unit}


def _step(number, start, days, administrations):
    end = start + dt.timedelta(days=days - 1)
    return {"step": number, "start_date": start.isoformat(), "end_date": end.isoformat(), "days": days,
            "ome_mg_per_day": 1, "administrations": administrations}


def test_the_patient_table_puts_each_dose_in_its_part_of_the_day_and_says_what_stops():
    prn = _adm("as needed, dose 1 of 2", product="Oxycodone 5mg capsules", unit="capsule")
    steps = [_step(1, START, 14, [_adm("08:00"), _adm("13:00"), _adm("18:00"), _adm("22:00"), prn]),
             _step(2, START + dt.timedelta(days=14), 14, [_adm("08:00"), _adm("22:00")]),
             _step(3, START + dt.timedelta(days=28), 1, [])]
    table = presenters.patient_table(steps)
    first, second, last = table["rows"]
    assert first["morning"] == ["one morphine 30mg modified-release tablet at 8am"]
    assert first["midday"] == ["one morphine 30mg modified-release tablet at 1pm"]
    assert first["evening"] == ["one morphine 30mg modified-release tablet at 6pm"]
    assert first["night"] == ["one morphine 30mg modified-release tablet at 10pm"]
    assert first["other"] == ["one oxycodone 5mg capsule only when needed (up to 2 doses a day)"]
    assert second["midday"] == [] and second["stop"] == ["oxycodone 5mg capsules"]
    assert last["stop"] == ["morphine 30mg modified-release tablets"]
    assert [c["key"] for c in table["columns"]] == ["morning", "midday", "evening", "night", "other", "stop"]


def test_unused_columns_are_left_out():
    table = presenters.patient_table([_step(1, START, 7, [_adm("08:00"), _adm("20:00")])])
    assert [c["key"] for c in table["columns"]] == ["morning", "evening"]


@pytest.mark.parametrize(("days", "expected"), [(14, [14]), (30, [30]), (31, [30, 1]), (75, [30, 30, 15])])
def test_gp_prescriptions_cover_at_most_30_days(days, expected):
    actions = presenters.gp_actions([_step(1, START, days, [_adm("08:00"), _adm("20:00", units=2)])])
    prescriptions = actions[0]["prescriptions"]
    assert [p["days"] for p in prescriptions] == expected
    assert prescriptions[0]["start"] == START and prescriptions[-1]["end"] == START + dt.timedelta(days=days - 1)
    for prescription in prescriptions:
        assert prescription["supply"] == [f"{3 * prescription['days']} tablets of morphine 30 mg modified-release "
                                          "tablets"]


def test_a_patch_prescription_counts_changes_and_the_patient_is_told_to_remove_the_old_one():
    patch = _adm("change every 72 hours", product="Fentanyl 25micrograms/hour transdermal patches", unit="patch")
    actions = presenters.gp_actions([_step(1, START, 28, [patch])])
    assert [p["supply"] for p in actions[0]["prescriptions"]] == [
        ["10 patches of fentanyl 25 micrograms/hour transdermal patches"]]
    other = presenters.patient_table([_step(1, START, 28, [patch])])["rows"][0]["other"]
    assert other == ["one fentanyl 25micrograms/hour transdermal patch: take off the old patch and put on a new one "
                     "every 3 days (72 hours)"]


def _approved_documents(patient, regimen, capture):
    plan = draft_plan(patient, start=START, regimen=regimen)
    with capture(execute=True):
        services.plan_approve(plan=plan, actor=prescriber_for(patient.programme), version_number=1)
    return plan, {d.kind: d for d in PlanDocument.objects.filter(version__plan=plan)}


def test_approval_makes_the_large_print_plan_the_easy_read_plan_and_the_gp_letter(
        patient, django_capture_on_commit_callbacks):
    patient.programme.contact_phone = "0161 000 0000"
    patient.programme.save()
    plan, documents = _approved_documents(patient, MR_AND_PRN, django_capture_on_commit_callbacks)
    assert set(documents) == {"patient_plan", "easy_read", "gp_letter"}
    printed = pdf_text(bytes(documents["patient_plan"].pdf))
    assert "Monday 4 January 2027" in printed and "Morning" in printed and "Evening" in printed
    assert "only when needed" in printed and "large-print" in printed
    easy = pdf_text(bytes(documents["easy_read"].pdf))
    assert "From Monday 4 January 2027" in easy and "Do not go back to an old dose" in easy
    letter = pdf_text(bytes(documents["gp_letter"].pdf))
    assert patient.programme.name in letter and "0161 000 0000" in letter
    assert "Actions for the GP" in letter and "Prescription 1" in letter and "Review dates:" in letter
    assert "Warnings from the dose calculation" in letter
    for warning in plan.latest_version.warnings:
        assert " ".join(warning["message"].split()) in letter


def test_a_patch_plan_tells_the_patient_how_to_change_patches(patient, django_capture_on_commit_callbacks):
    _, documents = _approved_documents(patient, PATCH, django_capture_on_commit_callbacks)
    printed = pdf_text(bytes(documents["patient_plan"].pdf))
    assert "take off the old patch and put on a new one every 3 days (72 hours)" in printed
    assert "Take off the old patch before you put on a new one" in printed


def test_the_prescriber_can_limit_the_strengths_a_plan_uses(client_for, programme):
    from django.urls import reverse

    from rose.accounts.roles import Role
    from rose.patients.tests.factories import PatientFactory
    from rose.plans.tests.factories import consultation_for

    regimen = {"items": [{"product": "Morphine 60mg modified-release tablets", "units_per_dose": 1,
                          "times_per_day": 2}]}
    consultation = consultation_for(PatientFactory(programme=programme), regimen=regimen)
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    data = {"strategy": "percent-of-original", "percent": "10", "interval_days": "14", "start_date_day": "4",
            "start_date_month": "1", "start_date_year": "2027", "use_strengths": "10, 30", "action": "save"}
    client = client_for(Role.PRESCRIBER)
    bad = client.post(url, {**data, "use_strengths": "ten"})
    assert bad.status_code == 200 and "Enter strengths as numbers" in bad.content.decode()
    assert 'value="ten"' in bad.content.decode()
    assert client.post(url, data).status_code == 302
    version = consultation.plans.get().latest_version
    assert version.request["use_strengths"] == [10, 30]
    later = {adm["product"] for step in version.steps[1:] for adm in step["administrations"]}
    assert later and later <= {"Morphine 10mg modified-release tablets", "Morphine 30mg modified-release tablets"}
