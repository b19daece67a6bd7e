"""`manage.py reschedule_texts`: after a programme turns medicine names on, every active plan's queued
texts are made again with the new wording, once, and plans that are not active get nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from rose.messaging.models import MessageStatus, OutboundMessage
from rose.messaging.tests.factories import texting_patient
from rose.plans import services
from rose.plans.tests.factories import approved_plan

pytestmark = pytest.mark.django_db


def _queued(patient, purpose="plan_step_nudge"):
    return list(OutboundMessage.objects.filter(patient=patient, purpose=purpose, status=MessageStatus.QUEUED))


def test_turning_on_medicine_names_then_rescheduling_rewords_every_active_plans_texts(programme):
    start = timezone.localdate() + dt.timedelta(days=2)
    active = [approved_plan(texting_patient(programme), start=start) for _ in range(3)]
    paused = approved_plan(texting_patient(programme), start=start)
    services.plan_pause(plan=paused, actor=paused.created_by, reason="Unwell")
    before = {plan.pk: len(_queued(plan.patient)) for plan in active}
    assert all(before.values()) and all("morphine" not in m.body.lower() for p in active for m in _queued(p.patient))
    programme.sms_drug_names = True
    programme.save()
    out = io.StringIO()
    call_command("reschedule_texts", "--programme", programme.slug, "--batch", "2", stdout=out)
    assert "3 active plans" in out.getvalue()
    for plan in active:
        queued = _queued(plan.patient)
        assert len(queued) == before[plan.pk]  # replaced, never doubled
        assert all("morphine" in m.body.lower() or "stop taking" in m.body.lower() for m in queued)
    assert _queued(paused.patient) == [] and _queued(paused.patient, "checkin_dose") == []
    call_command("reschedule_texts", stdout=io.StringIO())  # again, every programme: still once each
    assert all(len(_queued(plan.patient)) == before[plan.pk] for plan in active)


def test_bad_options_are_refused_plainly(programme):
    with pytest.raises(CommandError, match="No programme"):
        call_command("reschedule_texts", "--programme", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--batch"):
        call_command("reschedule_texts", "--batch", "0", stdout=io.StringIO())
