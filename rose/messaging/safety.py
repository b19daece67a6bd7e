"""Automatic replies that protect the patient whatever the red-flag detector misses.

- The crisis reply (999, NHS 111 option 2, Samaritans 116 123) to a red-flag text, also when the
  number matches no patient: the reply goes to the number the text came from.
- The safety net: any free-text reply that is not a keyword, a check-in answer or a red flag gets
  one automatic reply saying when the team reads texts and where to get help now. At most
  ROSE_SMS_SAFETY_NET_PER_DAY a patient a London day (default 1; 0 turns it off), or the count set
  for the programme in ROSE_SMS_SAFETY_NET_PROGRAMMES ("slug:count" entries).

Both are written to the outbox with a reply purpose: the dispatcher sends replies first, outside
quiet hours, exempt from the per-number hourly cap (rose.messaging.dispatch).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.messaging.models import InboundMessage, MessageEvent, MessageStatus, OutboundMessage
from rose.messaging.sms import normalise_mobile, text_size
from rose.messaging.timing import LONDON

SAFETY_NET_PURPOSE = "safety_net_reply"
CRISIS_PURPOSE = "red_flag_reply"


def service_name() -> str:
    return str(getattr(settings, "ROSE_SMS_SERVICE_NAME", "the ROSE pain service"))


def crisis_text() -> str:
    return ("We have read your message. If you are in danger now or have taken too much medicine, call 999. "
            "For urgent mental health help call NHS 111 and choose option 2. Samaritans are free on 116 123, "
            f"day or night. The {service_name()} team will contact you.")


def team_hours(programme: Any) -> str:
    hours = (getattr(programme, "contact_hours", "") or "").strip()
    return hours or str(getattr(settings, "ROSE_SMS_TEAM_HOURS", "Monday to Friday, 9am to 5pm"))


def safety_net_text(programme: Any) -> str:
    return (f"Thank you for your message. The {service_name()} team reads texts {team_hours(programme)}, "
            "so we may not see it straight away. If you need help now: call 999 in an emergency, "
            "NHS 111 for urgent help (choose option 2 for mental health), or Samaritans free on 116 123, "
            "day or night.")


def safety_net_per_day(programme: Any) -> int:
    """Safety-net replies a patient may get in one London day for this programme (0: none)."""
    slug = getattr(programme, "slug", "") or ""
    for entry in getattr(settings, "ROSE_SMS_SAFETY_NET_PROGRAMMES", []) or []:
        name, _, count = str(entry).partition(":")
        if name.strip() == slug and count.strip().isdigit():
            return int(count)
    return int(getattr(settings, "ROSE_SMS_SAFETY_NET_PER_DAY", 1))


def _start_of_london_day(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(LONDON)
    return dt.datetime.combine(local.date(), dt.time(0), tzinfo=LONDON)


def _reply_row(*, programme_id: Any, patient: Any, number: str, purpose: str, body: str,
               inbound: InboundMessage) -> OutboundMessage:
    now = timezone.now()
    size = text_size(body)
    message = OutboundMessage.objects.create(
        programme_id=programme_id, patient=patient, to_number=number, purpose=purpose, body=body,
        due_at=now, send_after=now, encoding=size.encoding, fragments=size.fragments, cost_pence=size.cost_pence,
        related_type=inbound._meta.label, related_id=str(inbound.pk))
    MessageEvent.objects.create(message=message, at=now, to_status=MessageStatus.QUEUED,
                                detail="Automatic reply to the text received; sent now")
    return message


def safety_net_reply(*, patient: Any, inbound: InboundMessage) -> OutboundMessage | None:
    """The safety-net reply to a free-text message, unless the patient has had today's allowance,
    cannot be texted (no mobile, opted out, not active), or the programme turned it off."""
    from rose.messaging.services import message_can_text

    allowed = safety_net_per_day(patient.programme)
    if allowed <= 0 or not message_can_text(patient=patient):
        return None
    since = _start_of_london_day(inbound.received_at or timezone.now())
    already = (OutboundMessage.objects.filter(patient=patient, purpose=SAFETY_NET_PURPOSE, created_at__gte=since)
               .exclude(status=MessageStatus.CANCELLED).count())
    if already >= allowed:
        return None
    message = _reply_row(programme_id=patient.programme_id, patient=patient, number=normalise_mobile(patient.mobile),
                         purpose=SAFETY_NET_PURPOSE, body=safety_net_text(patient.programme), inbound=inbound)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=message, patient=patient,
              detail={"purpose": SAFETY_NET_PURPOSE})
    return message


def crisis_reply_to_number(*, inbound: InboundMessage) -> OutboundMessage | None:
    """The crisis reply to a red-flag text from a number that matches no patient: it goes to the
    number the text came from (None when that is not a valid mobile number)."""
    number = normalise_mobile(inbound.from_number)
    if not number:
        return None
    message = _reply_row(programme_id=inbound.programme_id, patient=None, number=number, purpose=CRISIS_PURPOSE,
                         body=crisis_text(), inbound=inbound)
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=message, detail={"purpose": CRISIS_PURPOSE,
                                                                                     "matched": False})
    return message
