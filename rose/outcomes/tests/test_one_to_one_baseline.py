"""Issue 15: patients on the one-to-one pathway get a baseline before their plan starts, exactly once;
a patient on both pathways gets one baseline, whichever comes first; the hourly job stays set-based;
the baseline dose works without an approved plan (docs/outcomes.md, "One baseline per patient")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rose.groups.tests.factories import make_cohort, make_enrolled
from rose.outcomes import services
from rose.outcomes.models import DoseSnapshot, Invitation, OutcomeEvent
from rose.outcomes.tests.factories import event
from rose.patients.models import Patient
from rose.patients.tests.factories import PatientFactory
from rose.plans.models import PlanStatus
from rose.plans.tests.factories import approved_plan, draft_plan
from rose.referrals.models import ReferralStatus
from rose.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(monkeypatch):
    sent = []
    monkeypatch.setattr(services.invitations, "_message_schedule", lambda **kwargs: sent.append(kwargs) or kwargs)
    return sent


def baselines(patient):
    return list(Invitation.objects.filter(patient=patient, event__is_baseline=True).select_related("event"))


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_a_one_to_one_patient_gets_one_baseline_due_before_the_plan_starts(programme, texts):
    start = days(10)
    patient = draft_plan(programme=programme, start=start).patient  # drafted at the consultation, not yet approved
    assert services.invitations_schedule_due() == 1
    assert services.invitations_schedule_due() == 0
    assert services.invitations_schedule_due(today=days(5)) == 0  # never twice
    [invitation] = baselines(patient)
    assert invitation.event.code == "baseline_one_to_one" and invitation.anchor_date == start
    assert invitation.due_on < start and invitation.closes_on <= start
    assert invitation.invited_at is not None and len(texts) == 1
    assert [r.instrument.code for r in invitation.responses.order_by("order")] == ["peg", "phq9", "gad7", "sci"]


def test_the_baseline_opens_28_days_before_the_plan_and_never_after_it_starts(programme, texts):
    later = approved_plan(programme=programme, start=days(40)).patient
    started = approved_plan(programme=programme, start=days(-1)).patient
    assert services.invitations_schedule_due() == 0  # 40 days away: not open yet; already started: too late
    assert services.invitations_schedule_due(today=days(40 - 29)) == 0
    assert services.invitations_schedule_due(today=days(40 - 28)) == 1
    assert [i.event.code for i in baselines(later)] == ["baseline_one_to_one"]
    assert baselines(started) == []


def test_a_stopped_plan_gives_no_baseline(programme, make_user, texts):
    from rose.plans.services import plan_stop

    plan = draft_plan(programme=programme, start=days(10))
    plan_stop(plan=plan, actor=make_user("prescriber"), reason="Patient chose the group course instead")
    assert plan.status == PlanStatus.STOPPED
    assert services.invitations_schedule_due() == 0


def test_both_pathways_group_first_gets_only_the_group_baseline(programme, texts):
    patient = make_enrolled(make_cohort(programme, start=days(3)), 1)[0].patient  # group baseline open
    approved_plan(patient, start=days(10))  # one-to-one baseline open too, due later
    assert services.invitations_schedule_due() == 1
    for later in (2, 5, 9):
        assert services.invitations_schedule_due(today=days(later)) == 0
    assert [i.event.code for i in baselines(patient)] == ["baseline"]


def test_both_pathways_plan_first_gets_only_the_one_to_one_baseline(programme, texts):
    patient = make_enrolled(make_cohort(programme, start=days(40)), 1)[0].patient  # group window not open
    approved_plan(patient, start=days(5))
    assert services.invitations_schedule_due() == 1
    assert services.invitations_schedule_due(today=days(40 - 10)) == 0  # the group baseline window is open now
    assert [i.event.code for i in baselines(patient)] == ["baseline_one_to_one"]


def test_a_baseline_of_a_switched_off_event_still_counts(programme, texts):
    patient = draft_plan(programme=programme, start=days(10)).patient
    group = event(programme, "baseline")
    services.invitation_create(patient=patient, event=group, anchor_date=days(20), send=False)
    OutcomeEvent.objects.filter(pk=group.pk).update(active=False)
    assert services.invitations_schedule_due() == 0
    assert [i.event.code for i in baselines(patient)] == ["baseline"]


def test_invitation_create_never_makes_a_second_baseline(programme, texts):
    patient = PatientFactory(programme=programme)
    first = services.invitation_create(patient=patient, event=event(programme, "baseline"), anchor_date=days(10))
    second = services.invitation_create(patient=patient, event=event(programme, "baseline_one_to_one"),
                                        anchor_date=days(10))
    assert second == first and len(baselines(patient)) == 1 and len(texts) == 1


def test_batch_plan_drafted_start_matches_the_per_patient_provider(programme, make_user):
    from rose.plans.services import plan_stop

    drafted = draft_plan(programme=programme, start=days(12))
    approved = approved_plan(programme=programme, start=days(4))
    stopped = draft_plan(programme=programme, start=days(6))
    plan_stop(plan=stopped, actor=make_user("prescriber"), reason="Not going ahead")
    nothing = PatientFactory(programme=programme)
    patients = [drafted.patient, approved.patient, stopped.patient, nothing]
    found = services.anchors._anchors_many(programme.pk, [p.pk for p in patients], {"plan_drafted_start"})
    for patient in patients:
        assert found["plan_drafted_start"].get(patient.pk) == services.anchors._plan_drafted_start(patient)
    assert found["plan_drafted_start"] == {drafted.patient.pk: days(12), approved.patient.pk: days(4)}


def _selection_queries(programme, count, start_in):
    for _ in range(count):
        draft_plan(programme=programme, start=days(start_in))
    events = services.schedule_ensure_defaults(programme=programme)
    ids = list(Patient.objects.filter(programme=programme).order_by("pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        due = services.invitations_due_many(programme.pk, ids, events, timezone.localdate())
    return len(ctx.captured_queries), len(due)


def test_choosing_who_is_due_costs_the_same_queries_for_2_or_5_one_to_one_patients(programme, other_programme):
    small, due_small = _selection_queries(programme, 2, start_in=10)
    large, due_large = _selection_queries(other_programme, 5, start_in=10)
    assert (due_small, due_large) == (2, 5)  # all of them are due: the work is per due patient, the reads are not
    assert small == large


def test_scheduling_queries_do_not_grow_with_one_to_one_patients(programme, other_programme):
    def run(prog, count):
        for _ in range(count):
            draft_plan(programme=prog, start=days(60))  # not open yet: nothing to create
        services.invitations_schedule_due(batch=1000)
        with CaptureQueriesContext(connection) as ctx:
            assert services.invitations_schedule_due(batch=1000) == 0
        return len(ctx.captured_queries)

    assert run(programme, 2) == run(programme, 5)


def test_the_baseline_dose_of_a_one_to_one_patient_is_the_draft_plans_starting_dose(programme, texts):
    plan = draft_plan(programme=programme, start=days(10))
    services.invitations_schedule_due()
    snapshot = DoseSnapshot.objects.get(patient=plan.patient, event__code="baseline_one_to_one")
    assert snapshot.ome_mg == plan.latest_version.starting_ome_mg_per_day and snapshot.ome_mg > 0
    assert snapshot.source.startswith("Draft plan starting dose")


def test_the_baseline_dose_before_any_plan_is_the_referral_ome(programme):
    patient = PatientFactory(programme=programme)
    ReferralFactory(programme=programme, patient=patient, status=ReferralStatus.ACCEPTED, total_ome_mg=Decimal(90))
    snapshot = services.dose_snapshot_from_plan(patient=patient, event=event(programme, "baseline"))
    assert snapshot.ome_mg == Decimal(90) and snapshot.source.startswith("Referral total OME")


def test_existing_schedules_get_the_one_to_one_baseline_from_the_migration(programme):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("rose.outcomes.migrations.0002_one_to_one_baseline")
    assert migration.EVENT in services.DEFAULT_EVENTS  # the frozen copy is the default
    before = [row for row in services.DEFAULT_EVENTS if row["code"] != "baseline_one_to_one"]
    for order, row in enumerate(before):  # a schedule made before the new event existed
        OutcomeEvent.objects.create(programme=programme, order=order, **row)
    migration.add_event(apps, None)
    migration.add_event(apps, None)  # twice: still one
    codes = list(OutcomeEvent.objects.filter(programme=programme).order_by("order").values_list("code", flat=True))
    assert codes == ["baseline", "baseline_one_to_one", "end_of_course", "month_3", "month_6", "month_12"]
