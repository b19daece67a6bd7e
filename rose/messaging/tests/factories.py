from __future__ import annotations

from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory


def texting_patient(programme, **kwargs):
    """An active patient with a mobile who has consented to texts."""
    patient = PatientFactory(programme=programme, **kwargs)
    consent_record(patient=patient, kind="texts", given=True, source="staff")
    return patient


def queue_checkins(programme, count=1, **kwargs):
    """`count` check-in texts, due now, to one new patient who may be texted."""
    from rose.messaging.services import message_schedule

    patient = texting_patient(programme, **kwargs)
    return [message_schedule(patient=patient, purpose="checkin", body=f"Check-in {i}", respect_quiet_hours=False)
            for i in range(count)]


def make_all_due():
    """Bring every queued text's send time to now (skip the retry backoff)."""
    from django.utils import timezone

    from rose.messaging.models import MessageStatus, OutboundMessage

    OutboundMessage.objects.filter(status=MessageStatus.QUEUED).update(send_after=timezone.now())
