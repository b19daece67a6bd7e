"""A plan's texts go only while the plan is in progress, checked again just before each provider call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rose.messaging.dispatch import claim_batch, dispatch_due
from rose.messaging.models import MessageStatus, OutboundMessage
from rose.patients.services import consent_record
from rose.plans.services import plan_pause, plan_text_check
from rose.plans.tests.factories import approved_plan

pytestmark = pytest.mark.django_db


def test_a_text_claimed_before_the_plan_was_paused_is_cancelled_not_sent(programme, settings):
    settings.ROSE_SMS_QUIET_START = settings.ROSE_SMS_QUIET_END = "00:00"
    plan = approved_plan(programme=programme, start=timezone.localdate() + dt.timedelta(days=1))
    consent_record(patient=plan.patient, kind="texts", given=True, source="staff")
    from rose.plans.services import nudges_schedule

    assert nudges_schedule(plan=plan) > 0
    OutboundMessage.objects.filter(related_id=str(plan.pk)).update(send_after=timezone.now())
    _, rows = claim_batch(size=1)
    first = rows[0]
    # A worker claimed it, then a retried claim finds the row in flight state it left behind:
    OutboundMessage.objects.filter(pk=first.pk).update(uncertain=True, lease_until=timezone.now())
    plan_pause(plan=plan, actor=None, reason="Review")
    first.refresh_from_db()
    assert first.status == MessageStatus.SENDING  # possibly in flight: the pause could not cancel it
    assert plan_text_check(first) == "the reduction plan is paused"
    dispatch_due()
    first.refresh_from_db()
    assert first.status == MessageStatus.CANCELLED and "plan is paused" in first.failure_reason
    assert not OutboundMessage.objects.filter(status__in=[MessageStatus.SENT, MessageStatus.QUEUED]).exists()


# --- scheduling at scale (issue 16 item 10) ------------------------------------------------------

def _copy_of(template, patient, *, steps=None, status=None):
    """Another approved plan with the template's version (or its first `steps` steps), for another
    patient: approving through the services makes PDFs and is slow, and only the steps matter here."""
    from rose.plans.models import Plan, PlanStatus, PlanVersion

    version = template.approved_version
    plan = Plan.objects.create(patient=patient, programme=patient.programme, status=status or PlanStatus.ACTIVE,
                               created_by=template.created_by)
    plan.approved_version = plan.latest_version = PlanVersion.objects.create(
        plan=plan, number=1, request=version.request, steps=version.steps[:steps] if steps else version.steps,
        warnings=version.warnings, table=version.table, table_version=version.table_version,
        starting_ome_mg_per_day=version.starting_ome_mg_per_day, change="Copy", created_by=template.created_by)
    plan.save(update_fields=["approved_version", "latest_version"])
    return Plan.objects.select_related("approved_version", "patient__programme").get(pk=plan.pk)


@pytest.fixture
def template(programme):
    plan = approved_plan(programme=programme, start=timezone.localdate() + dt.timedelta(days=1))
    assert len(plan.approved_version.steps) >= 8  # 11 steps: 10 nudges and about 20 check-ins
    return plan


def _texting(programme):
    from rose.messaging.tests.factories import texting_patient

    return texting_patient(programme)


def _queued(plan):
    return list(OutboundMessage.objects.filter(related_id=str(plan.pk), status=MessageStatus.QUEUED)
                .order_by("due_at", "purpose").values("purpose", "body", "due_at", "send_after", "to_number",
                                                      "fragments", "cost_pence", "expects", "patient_id"))


def test_scheduling_one_plan_costs_the_same_queries_whatever_its_number_of_steps(programme, template):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rose.plans.services import nudges_schedule

    short, long = _copy_of(template, _texting(programme), steps=4), _copy_of(template, _texting(programme))
    with CaptureQueriesContext(connection) as few_steps:
        few_texts = nudges_schedule(plan=short)
    with CaptureQueriesContext(connection) as many_steps:
        many_texts = nudges_schedule(plan=long)
    assert 0 < few_texts < many_texts
    assert len(few_steps.captured_queries) == len(many_steps.captured_queries)
    assert len(many_steps.captured_queries) <= 6  # cancel, consent, the texts, their history rows, the audit row


def test_scheduling_several_plans_together_costs_the_queries_of_one(programme, template):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rose.plans.services.lifecycle import nudges_schedule_many

    # Short plans: SQLite takes at most 999 parameters a statement, so a long batch needs several
    # INSERTs there (PostgreSQL streams any number of rows with one COPY).
    one = [_copy_of(template, _texting(programme), steps=3)]
    three = [_copy_of(template, _texting(programme), steps=3) for _ in range(3)]
    with CaptureQueriesContext(connection) as alone:
        each = nudges_schedule_many(plans=one)
    with CaptureQueriesContext(connection) as together:
        assert nudges_schedule_many(plans=three) == 3 * each > 0
    assert len(together.captured_queries) == len(alone.captured_queries)


def test_plans_scheduled_together_get_exactly_the_texts_each_gets_alone(programme, template, settings):
    """Same wording, times, quiet hours and checks; nothing for a patient without consent, a
    discharged patient or a paused plan; one audit row per plan naming its texts; and scheduling
    again replaces the queued texts rather than doubling them."""
    from rose.audit.models import AuditEvent
    from rose.patients.models import PatientStatus
    from rose.patients.tests.factories import PatientFactory
    from rose.plans.models import PlanStatus
    from rose.plans.services import nudges_schedule
    from rose.plans.services.lifecycle import CHECKIN_TEXT, NUDGE_TEXT, nudges_schedule_many

    settings.ROSE_SMS_QUIET_START, settings.ROSE_SMS_QUIET_END = "17:00", "09:00"  # check-ins are due at 18:00
    texting = _copy_of(template, _texting(programme))
    evening = _texting(programme)
    evening.contact_from, evening.contact_until = dt.time(12), dt.time(13)
    evening.save()
    preferred_hours = _copy_of(template, evening, steps=5)
    no_consent = _copy_of(template, PatientFactory(programme=programme))
    discharged = _copy_of(template, _texting(programme))
    discharged.patient.status = PatientStatus.DISCHARGED
    discharged.patient.save()
    paused = _copy_of(template, _texting(programme), status=PlanStatus.PAUSED)
    alone = {plan.pk: (nudges_schedule(plan=plan), _queued(plan)) for plan in (texting, preferred_hours)}
    plans = [texting, preferred_hours, no_consent, discharged, paused]

    queued = nudges_schedule_many(plans=plans)
    assert queued == sum(count for count, _ in alone.values()) > 0
    for plan in (texting, preferred_hours):
        assert _queued(plan) == alone[plan.pk][1]
    assert not OutboundMessage.objects.filter(related_id__in=[str(p.pk) for p in (no_consent, discharged, paused)])
    texts = _queued(texting)
    assert {t["body"] for t in texts} == {NUDGE_TEXT, CHECKIN_TEXT}
    for text in texts:
        due, after = (timezone.localtime(text[k]) for k in ("due_at", "send_after"))
        if text["purpose"] == "checkin_dose":  # 18:00 is in quiet hours: held to 09:00 the next day
            assert (due.hour, after.hour, after.date()) == (18, 9, due.date() + dt.timedelta(days=1))
        else:
            assert after == due and due.hour == 10
    assert all(timezone.localtime(t["send_after"]).hour == 12 for t in _queued(preferred_hours))
    for plan in (texting, preferred_hours):
        audit = AuditEvent.objects.filter(object_id=str(plan.pk), action="create").order_by("-at").first()
        ids = OutboundMessage.objects.filter(related_id=str(plan.pk), status=MessageStatus.QUEUED)
        assert sorted(audit.detail["message_ids"]) == sorted(str(pk) for pk in ids.values_list("pk", flat=True))
        assert audit.patient_id == plan.patient_id and audit.actor_label == "system"
    assert nudges_schedule_many(plans=plans) == queued  # again: the earlier texts are cancelled, not doubled
    assert OutboundMessage.objects.filter(status=MessageStatus.QUEUED).count() == queued
