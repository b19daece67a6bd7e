"""A red-flag text pauses the plan and says why; a nurse resumes it in one step with a reason."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.messaging.inbound import inbound_receive
from rose.messaging.models import InboxItem
from rose.messaging.tests.factories import texting_patient
from rose.plans.models import PlanStatus, PlanStatusChange
from rose.plans.tests.factories import approved_plan

pytestmark = pytest.mark.django_db


def test_red_flag_text_pauses_the_plan_saying_why_and_a_nurse_resumes_it_with_a_reason(programme, client_for):
    patient = texting_patient(programme)
    plan = approved_plan(patient)
    assert plan.status == PlanStatus.ACTIVE
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile,
                    body="took extra tablets and cant breathe")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    pause = PlanStatusChange.objects.filter(plan=plan, to_status=PlanStatus.PAUSED).get()
    assert "extra doses" in pause.reason and "breathing problem" in pause.reason
    item = InboxItem.objects.get(patient=patient, source_type="plans.Plan")
    assert item.source_id == str(plan.pk) and "paused" in item.summary

    resume_url = reverse("plans:status", kwargs={"plan_id": plan.pk, "action": "resume"})
    conversation_url = reverse("messaging:conversation", kwargs={"patient_id": patient.pk})
    assert resume_url not in client_for(Role.COORDINATOR).get(conversation_url).content.decode()
    nurse = client_for(Role.NURSE)
    assert resume_url in nurse.get(conversation_url).content.decode()

    refused = nurse.post(resume_url, {"reason": ""})
    assert "Enter the reason" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED

    assert nurse.post(resume_url, {"reason": "False alarm: spoke to the patient, dose as planned"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    resume = PlanStatusChange.objects.filter(plan=plan, from_status=PlanStatus.PAUSED).get()
    assert resume.to_status == PlanStatus.ACTIVE and resume.actor == nurse.user
    assert resume.reason.startswith("False alarm")
    assert AuditEvent.objects.filter(object_id=str(plan.pk), actor=nurse.user, action="update").exists()
