"""The hourly questionnaire scheduling reads patients in batches with a fixed number of queries per
batch, and finds the same anchor dates as the per-patient providers (docs/outcomes.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rose.groups.models import GroupSession, SessionStatus
from rose.groups.tests.factories import make_cohort, make_enrolled, next_monday
from rose.outcomes import services
from rose.outcomes.models import Invitation
from rose.patients.tests.factories import PatientFactory
from rose.plans.tests.factories import approved_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(monkeypatch):
    sent = []
    monkeypatch.setattr(services.invitations, "_message_schedule", lambda **kwargs: sent.append(kwargs) or kwargs)
    return sent


def per_patient(patient):
    return {anchor: provider(patient) for anchor, provider in services.ANCHOR_PROVIDERS.items()}


def test_batch_anchors_match_the_per_patient_providers(programme):
    cohort = make_cohort(programme, start=next_monday(3))
    grouped, both = (e.patient for e in make_enrolled(cohort, 2))
    first = GroupSession.objects.filter(cohort=cohort).order_by("starts_at").first()
    first.status = SessionStatus.CANCELLED  # a cancelled session is not the course's first
    first.save(update_fields=["status"])
    approved_plan(both, start=timezone.localdate() - dt.timedelta(days=80))
    planned = approved_plan(programme=programme, start=timezone.localdate() + dt.timedelta(days=3)).patient
    nothing = PatientFactory(programme=programme)
    patients = [grouped, both, planned, nothing]
    found = services.anchors._anchors_many(programme.pk, [p.pk for p in patients], set(services.ANCHOR_PROVIDERS))
    for patient in patients:
        expected = per_patient(patient)
        assert {anchor: found[anchor].get(patient.pk) for anchor in expected} == expected
    assert found["first_group_session"][grouped.pk] == timezone.localdate(
        GroupSession.objects.filter(cohort=cohort).exclude(pk=first.pk).order_by("starts_at")[0].starts_at)
    assert found["plan_start"][both.pk] == timezone.localdate() - dt.timedelta(days=80)
    assert nothing.pk not in found["plan_start"] and nothing.pk not in found["course_end"]


def test_due_patients_are_invited_once_and_others_not(programme, texts):
    today = timezone.localdate()
    cohort = make_cohort(programme, start=today + dt.timedelta(days=3))  # baseline window open
    soon = make_enrolled(cohort, 1)[0].patient
    later = make_enrolled(make_cohort(programme, start=today + dt.timedelta(days=70)), 1)[0].patient
    three_months = approved_plan(programme=programme, start=today - dt.timedelta(days=91)).patient
    assert services.invitations_schedule_due(today=today, batch=2) == 2
    assert services.invitations_schedule_due(today=today, batch=2) == 0  # never twice
    assert set(Invitation.objects.values_list("patient_id", "event__code")) == {
        (soon.pk, "baseline"), (three_months.pk, "month_3")}
    assert not Invitation.objects.filter(patient=later).exists()
    assert len(texts) == 2


def queries_with_enrolled(programme, count):
    make_enrolled(make_cohort(programme, start=timezone.localdate() + dt.timedelta(days=70)), count)
    approved_plan(programme=programme, start=timezone.localdate() + dt.timedelta(days=7))
    services.invitations_schedule_due(batch=1000)  # the first run also creates each programme's schedule
    with CaptureQueriesContext(connection) as ctx:
        assert services.invitations_schedule_due(batch=1000) == 0  # none due yet
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_patients(programme):
    small = queries_with_enrolled(programme, 2)
    assert queries_with_enrolled(programme, 6) == small  # 3 then 10 patients, one batch each
