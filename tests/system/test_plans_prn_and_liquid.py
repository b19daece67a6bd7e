"""Given/when/then (issue 13): a prescriber builds, approves and downloads a plan with an as-needed
(PRN) item and one with an oral solution; axe on every page; the PDFs read right (pdftotext)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans.tests.factories import consultation_for
from tests.system.conftest import assert_accessible, click_and_wait
from tests.system.test_plans_journey import act_as, fill_date

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PRN = {"items": [
    {"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1, "times_per_day": 2},
    {"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 3, "as_needed": True},
]}
LIQUID = {"items": [{"product": "Morphine sulfate 10mg/5ml oral solution", "units_per_dose": 10,
                     "times_per_day": 2}]}
ML_AND_MG = re.compile(r"\d+(\.\d+)? ml \(\d+(\.\d+)? mg\) of morphine sulfate 10 mg/5 ml oral solution")


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def build_approve_download(page, live_server, consultation) -> dict[str, str]:
    """From the consultation: draft, preview, save, approve, then download every document."""
    page.goto(f"{live_server.url}/plans/consultations/{consultation.pk}/")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Draft a reduction plan"))
    assert_accessible(page)
    page.locator("input[name=strategy][value=percent-of-original]").check()
    fill_date(page, "start_date", dt.date(2027, 1, 4))
    page.get_by_role("button", name="Preview the steps").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft plan").click()
    page.get_by_text("Draft: not for use").first.wait_for()
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name=re.compile("Approve version")))
    assert_accessible(page)
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name="Approve plan").click()
    page.get_by_role("heading", name="Documents").wait_for()
    assert_accessible(page)
    texts = {}
    for name in ("Your reduction plan (for the patient)", "Your reduction plan, easy read (for the patient)",
                 "Letter to the GP"):
        link = page.get_by_role("link", name=re.compile(re.escape(name)))
        response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
        assert response.ok and response.body().startswith(b"%PDF")
        texts[name] = pdf_text(response.body())
    return texts


def test_prn_and_oral_solution_plans_are_built_approved_and_downloaded(page, live_server, make_user, programme):
    prescriber = make_user(Role.PRESCRIBER, first_name="Asha", last_name="Patel")
    prn = consultation_for(PatientFactory(programme=programme), clinician=prescriber, regimen=PRN)
    liquid = consultation_for(PatientFactory(programme=programme), clinician=prescriber, regimen=LIQUID)
    act_as(page, live_server, prescriber)

    # Given a patient who takes oxycodone only when needed, when the plan is built and approved
    texts = build_approve_download(page, live_server, prn)
    # Then the plan page and the documents say "only when needed", never a made-up clock time
    page.get_by_text("only when needed (up to 3 doses a day)").first.wait_for()
    patient_plan = texts["Your reduction plan (for the patient)"]
    assert "only when needed (up to 3 doses a day)" in patient_plan and "dose 1 of 3" not in patient_plan
    assert "Monday 4 January 2027" in patient_plan
    assert "Actions for the GP" in texts["Letter to the GP"]

    # Given a patient on an oral solution, when the plan is built and approved
    texts = build_approve_download(page, live_server, liquid)
    # Then every dose reads in ml and mg, on the page and in every document
    assert ML_AND_MG.search(page.content())
    for text in texts.values():
        assert ML_AND_MG.search(text)
