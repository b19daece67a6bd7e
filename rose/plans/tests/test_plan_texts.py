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
