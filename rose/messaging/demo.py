"""Made-up texts for `make run` (rose.core.hooks.demo_data)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from rose.messaging.inbound import inbound_receive
from rose.messaging.models import ReplyTemplate
from rose.messaging.services import message_schedule
from rose.patients.selectors import patient_has_consent
from rose.patients.services import consent_record

TEMPLATES = [
    ("Thanks, we will call", "Thank you for your message. A member of the ROSE team will call you today."),
    ("Appointment reminder", "This is a reminder of your appointment with the ROSE team. "
                             "Reply to this text if you cannot come."),
    ("Please call us", "Please call the ROSE team when you can. We are open Monday to Friday, 9am to 5pm."),
]


def add_demo_messages(programme: Any, staff: dict, patients: list, stdout: Any) -> None:
    for name, body in TEMPLATES:
        ReplyTemplate.objects.get_or_create(programme=programme, name=name, defaults={"body": body})
    texting = [p for p in patients if p.mobile][:3]
    for patient in texting:
        if not patient_has_consent(patient=patient, kind="texts"):
            consent_record(patient=patient, kind="texts", given=True, source="staff", actor=staff.get("nurse"))
    now = timezone.now()
    if texting:
        first = texting[0]
        message_schedule(patient=first, purpose="checkin_pain", respect_quiet_hours=False,
                         body="ROSE check-in: how bad has your pain been today, from 0 (none) to 10 (worst)? "
                              "Reply with a number.")
        message_schedule(patient=first, purpose="checkin", due_at=now + dt.timedelta(days=7),
                         body="ROSE weekly check-in: reply with any questions about your plan.")
        inbound_receive(provider="simulator", provider_id=f"demo-{uuid.uuid4()}", from_number=first.mobile,
                        body="Can someone call me about my next appointment please?")
    if len(texting) > 1:
        inbound_receive(provider="simulator", provider_id=f"demo-{uuid.uuid4()}", from_number=texting[1].mobile,
                        body="Having really bad withdrawals since the dose went down, cant stop shaking")
    stdout.write(f"Messaging: {len(TEMPLATES)} reply templates, texts for {len(texting)} patients")
