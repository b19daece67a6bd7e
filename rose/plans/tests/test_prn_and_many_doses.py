"""Issue 13 item 1: as-needed (PRN) items and five or more doses a day work on every page and in
every document, and a version whose documents cannot be made is never approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans import services
from rose.plans.models import PlanApproval, PlanDocument, PlanStatus
from rose.plans.steps import administrations_regimen, dose_sentence, when_words
from rose.plans.tests.factories import consultation_for, draft_plan, prescriber_for
from rose.plans.tests.test_services import pdf_text

pytestmark = pytest.mark.django_db

PRN = {"items": [
    {"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2},
    {"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 3, "as_needed": True},
]}
FIVE_A_DAY = {"items": [{"product": "Codeine 30mg tablets", "units_per_dose": 1, "times_per_day": 5}]}
START = dt.date(2027, 1, 4)
STRATEGY = {"type": "percent-of-original", "percent": 10, "interval_days": 14}


@pytest.mark.parametrize(("adm", "words"), [
    ({"time": "08:00", "unit": "tablet"}, "at 8am"),
    ({"time": "12:00", "unit": "tablet"}, "at midday"),
    ({"time": "as needed, dose 1 of 3", "unit": "capsule"}, "only when needed (up to 3 doses a day)"),
    ({"time": "dose 2 of 6", "unit": "tablet"}, "as dose 2 of 6 in the day"),
    ({"time": "25:00", "unit": "tablet"}, "25:00"),
    ({"time": "change every 72 hours", "unit": "patch"},
     "take off the old patch and put on a new one every 3 days (72 hours)"),
    ({"time": "change every 96 hours", "unit": "patch"},
     "take off the old patch and put on a new one every 4 days (96 hours)"),
    ({"time": "change every 168 hours", "unit": "patch"},
     "take off the old patch and put on a new one every 7 days (once a week)"),
])
def test_only_a_clock_time_is_read_as_a_time(adm, words):
    assert when_words(adm) == words


def test_an_as_needed_dose_reads_as_a_sentence_and_keeps_no_clock_time():
    adm = {"product": "Oxycodone 5mg capsules", "units": 1, "unit": "capsule", "time": "as needed, dose 1 of 3"}
    assert dose_sentence([adm]) == "one oxycodone 5mg capsule only when needed (up to 3 doses a day)"
    assert administrations_regimen([adm], "opioids-aware-2020")["items"] == [
        {"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 1, "as_needed": True}]


@pytest.mark.parametrize("regimen", [PRN, FIVE_A_DAY], ids=["prn", "five-a-day"])
def test_preview_plan_page_and_approval_work(client_for, programme, regimen, django_capture_on_commit_callbacks):
    consultation = consultation_for(PatientFactory(programme=programme), regimen=regimen)
    client = client_for(Role.PRESCRIBER)
    data = {"strategy": "percent-of-original", "percent": "10", "interval_days": "14",
            "start_date_day": "4", "start_date_month": "1", "start_date_year": "2027"}
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200 and "Preview of the dated steps" in preview.content.decode()
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    plan = consultation.plans.get()
    page = client.get(reverse("plans:plan", kwargs={"plan_id": plan.pk}))
    assert page.status_code == 200
    if regimen is PRN:
        assert "only when needed (up to 3 doses a day)" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:approve", kwargs={"plan_id": plan.pk}), {"version": 1, "confirm": "on"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    documents = {d.kind: d for d in PlanDocument.objects.filter(version__plan=plan)}
    assert set(documents) == {"patient_plan", "easy_read", "gp_letter"}
    if regimen is PRN:
        printed = pdf_text(bytes(documents["patient_plan"].pdf))
        assert "only when needed" in printed and "dose 1 of 3" not in printed


def test_a_step_with_an_as_needed_dose_can_be_changed_by_hand(patient):
    plan = draft_plan(patient, start=START, regimen=PRN)
    step = plan.latest_version.steps[1]
    units = [Decimal(str(adm["units"])) for adm in step["administrations"]]
    version = services.plan_step_adjust(plan=plan, actor=plan.created_by, step_number=2,
                                        start_date=dt.date.fromisoformat(step["start_date"]),
                                        end_date=dt.date.fromisoformat(step["end_date"]), units=units,
                                        reason="Same dose, checked")
    assert version.number == 2 and version.steps[1]["ome_mg_per_day"] == step["ome_mg_per_day"]


def test_a_version_whose_documents_cannot_be_made_is_never_approved(patient, monkeypatch):
    plan = draft_plan(patient, start=START)

    def broken(*args, **kwargs):
        raise ValueError("Invalid isoformat string")

    monkeypatch.setattr("rose.plans.services.documents.document_html", broken)
    with pytest.raises(ValidationError, match="could not be made from version 1"):
        services.plan_approve(plan=plan, actor=prescriber_for(patient.programme), version_number=1)
    plan.refresh_from_db()
    assert plan.approved_version is None and plan.status == PlanStatus.DRAFT
    assert not PlanApproval.objects.filter(version__plan=plan).exists()


def test_the_approval_page_says_why_when_documents_cannot_be_made(client_for, programme, monkeypatch):
    plan = draft_plan(programme=programme, start=START)

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr("rose.plans.services.documents.document_html", broken)
    response = client_for(Role.PRESCRIBER).post(reverse("plans:approve", kwargs={"plan_id": plan.pk}),
                                                {"version": 1, "confirm": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "has not been approved" in body
