"""Builders for plans tests: a consultation, a draft or approved plan, a slot."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rose.accounts.roles import Role
from rose.accounts.tests.factories import UserFactory
from rose.patients.tests.factories import PatientFactory
from rose.plans import services
from rose.plans.models import RedFlag

MORPHINE_60 = {"items": [{"drug": "morphine", "route": "oral", "dose_mg": 30, "times_per_day": 2,
                          "release": "modified"}]}
STRATEGY = {"type": "percent-of-original", "percent": 10, "interval_days": 14}
NO_FLAGS = {flag.value: False for flag in RedFlag}


def prescriber_for(programme):
    return UserFactory(role=Role.PRESCRIBER, programme=programme)


def consultation_for(patient, clinician=None, regimen=None, **overrides):
    clinician = clinician or prescriber_for(patient.programme)
    fields = dict(peg_pain=6, peg_enjoyment=5, peg_activity=7, goals="Feel less foggy", previous_attempts="",
                  red_flag_notes="", decision="start_plan", decision_notes="Agreed a slow plan")
    fields.update(overrides)
    return services.consultation_record(patient=patient, actor=clinician, regimen=regimen or MORPHINE_60,
                                        regimen_corrected=False, red_flags=dict(NO_FLAGS), **fields)


def draft_plan(patient=None, *, programme=None, start=None, strategy=None, regimen=None):
    patient = patient or PatientFactory(programme=programme)
    consultation = consultation_for(patient, regimen=regimen)
    start = start or timezone.localdate() + dt.timedelta(days=7)
    request = services.taper_request(regimen=consultation.regimen, start_date=start, strategy=strategy or STRATEGY)
    return services.plan_create(patient=patient, actor=consultation.clinician, request=request,
                                consultation=consultation)


def approved_plan(patient=None, *, programme=None, start=None, **kwargs):
    plan = draft_plan(patient, programme=programme, start=start, **kwargs)
    services.plan_approve(plan=plan, actor=prescriber_for(plan.programme), version_number=1)
    plan.refresh_from_db()
    return plan
