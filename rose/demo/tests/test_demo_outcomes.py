"""Demo outcome data varies like a real service's rather than every patient improving the same way."""

from __future__ import annotations

import io

import pytest

from rose.accounts.roles import Role
from rose.outcomes.demo import add_demo_outcomes
from rose.outcomes.models import DoseSnapshot
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_demo_outcomes_vary_between_patients(programme, make_user):
    patients = [PatientFactory(programme=programme) for _ in range(8)]
    add_demo_outcomes(programme, {"nurse": make_user(Role.NURSE)}, patients, io.StringIO())
    baseline = {s.patient_id: s.ome_mg for s in DoseSnapshot.objects.filter(event__code="baseline")}
    later = {s.patient_id: s.ome_mg for s in DoseSnapshot.objects.filter(event__code="month_3")}
    assert len(set(baseline.values())) > 2
    reductions = {round(1 - later[p] / baseline[p], 2) for p in baseline}
    assert len(reductions) > 2
