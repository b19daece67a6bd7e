"""Issue 13 item 9: no percentage, date or number typed into a plan form gives a server error.
Each answers with the NHS error summary, a specific message and the typed value kept."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans.tests.factories import approved_plan, consultation_for, draft_plan

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["0", "51", "-5", "100", "1e3", "²", "¹⁰", "５", "10%", "9" * 40, "1.5", " "]
ODD_YEARS = ["9999", "0001", "²⁰²⁷", "27", "20270"]


def _plan_form_data(**overrides):
    data = {"strategy": "percent-of-original", "percent": "10", "interval_days": "14", "start_date_day": "4",
            "start_date_month": "1", "start_date_year": "2027", "action": "preview"}
    data.update(overrides)
    return data


def _problem(response, kept=None):
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in body
    if kept is not None and kept.strip():
        assert f'value="{html.escape(kept)}"' in body, f"{kept!r} was not kept"
    return body


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_plan_form_percent_never_500s(client_for, programme, value):
    consultation = consultation_for(PatientFactory(programme=programme))
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    body = _problem(client_for(Role.PRESCRIBER).post(url, _plan_form_data(percent=value)), kept=value)
    if value in ("0", "51", "-5", "100"):
        assert "Enter a reduction from 1 to 50%" in body


def test_percentage_messages_end_in_a_percent_sign(client_for, programme):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    client = client_for(Role.PRESCRIBER)
    body = _problem(client.post(reverse("plans:slow_down", kwargs={"plan_id": plan.pk}),
                                {"percent": "70", "interval_days": "28", "reason": "x"}), kept="70")
    assert "Enter from 1 to 50%" in body


@pytest.mark.parametrize("year", ODD_YEARS)
def test_plan_form_start_year_never_500s(client_for, programme, year):
    consultation = consultation_for(PatientFactory(programme=programme))
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    for action in ("preview", "save"):
        _problem(client_for(Role.PRESCRIBER).post(url, _plan_form_data(start_date_year=year, action=action)),
                 kept=year)
    assert not consultation.plans.exists()


@pytest.mark.parametrize("value", ["99999", "0", "²", "1e2"])
def test_plan_form_days_never_500s(client_for, programme, value):
    consultation = consultation_for(PatientFactory(programme=programme))
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    _problem(client_for(Role.PRESCRIBER).post(url, _plan_form_data(interval_days=value)), kept=value)


def test_a_start_date_years_ahead_is_refused_in_words(client_for, programme):
    consultation = consultation_for(PatientFactory(programme=programme))
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    late = str(timezone.localdate().year + 3)
    body = _problem(client_for(Role.PRESCRIBER).post(url, _plan_form_data(start_date_year=late)))
    assert "Start date must be" in body


@pytest.mark.parametrize("year", ODD_YEARS)
def test_step_form_dates_never_500(client_for, programme, year):
    plan = draft_plan(programme=programme)
    step = plan.latest_version.steps[1]
    data = {"start_date_day": "1", "start_date_month": "1", "start_date_year": year, "end_date_day": "31",
            "end_date_month": "12", "end_date_year": year, "reason": "Typed", "based_on": "1",
            **{f"units_{i}": str(adm["units"]) for i, adm in enumerate(step["administrations"])}}
    _problem(client_for(Role.PRESCRIBER).post(reverse("plans:step", kwargs={"plan_id": plan.pk, "number": 2}), data),
             kept=year)
    assert plan.versions.count() == 1


@pytest.mark.parametrize("value", ["99999", "²", "0", "-1"])
def test_hold_days_never_500(client_for, programme, value):
    plan = draft_plan(programme=programme)
    _problem(client_for(Role.PRESCRIBER).post(reverse("plans:hold", kwargs={"plan_id": plan.pk}),
                                              {"after_step": "1", "days": value, "reason": "x", "based_on": "1"}),
             kept=value)


@pytest.mark.parametrize(("field", "value"), [("ome_mg_per_day", "²"), ("ome_mg_per_day", "1e400"),
                                              ("taken_on_year", "9999"), ("taken_on_year", "²⁰²⁶")])
def test_dose_form_never_500s(client_for, programme, field, value):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    today = timezone.localdate()
    data = {"taken_on_day": str(today.day), "taken_on_month": str(today.month), "taken_on_year": str(today.year),
            "ome_mg_per_day": "50", field: value}
    _problem(client_for(Role.NURSE).post(reverse("plans:dose_add", kwargs={"plan_id": plan.pk}), data), kept=value)


@pytest.mark.parametrize("value", ["²", "1e400", "５", "0.25"])
def test_consultation_numbers_never_500(client_for, programme, value):
    patient = PatientFactory(programme=programme)
    url = reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})
    data = {"regimen_confirmed": "no", "product_1": "Morphine 30mg modified-release tablets", "units_1": value,
            "times_1": value, "peg_pain": value}
    _problem(client_for(Role.PRESCRIBER).post(url, data), kept=value)


@pytest.mark.parametrize("year", ["9999", "²⁰²⁷"])
def test_slot_form_year_never_500s(client_for, year):
    data = {"day_day": "4", "day_month": "1", "day_year": year, "start": "14:30", "mode": "telephone",
            "duration_minutes": "30"}
    response = client_for(Role.PRESCRIBER).post(reverse("plans:slot_create"), data)
    _problem(response, kept=year)
