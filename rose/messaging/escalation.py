"""Escalation of urgent texts nobody has picked up, in working hours.

An open conversation with an urgent item (a red flag, an urgent reply) is picked up when a member
of the team is assigned to it, replies, or handles it after the item arrived. If not, once
ROSE_SMS_ESCALATE_AFTER_MINUTES (default 30; 0 turns escalation off) of working time have passed:

1. level 1: an urgent team task "a second member of the team to act now", and
2. after twice that time: an urgent task assigned to the programme's lead (the first active user
   with role ROSE_SMS_ESCALATION_LEAD_ROLE, default "admin", the service administrator).

Working hours are ROSE_SMS_WORKING_HOURS ("09:00-17:00", Europe/London), Monday to Friday, not
on bank holidays in England. Time outside them does not count: an urgent text at 22:00 is
escalated at 09:30 the next working day if nobody has picked it up; out of hours the patient has
had the crisis or safety-net reply. Each level is recorded once as a conversation event, so
running the job again never raises a second task. Runs every 5 minutes (`messaging.escalate`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rose.messaging.models import Conversation, ConversationEvent, InboxItem, OutboundMessage
from rose.messaging.timing import LONDON

LEVEL_TITLES = {
    1: "Urgent text not picked up in {minutes} minutes: a second member of the team to act now",
    2: "Urgent text still not picked up after {minutes} minutes: programme lead to act now",
}


def _minutes() -> int:
    return int(getattr(settings, "ROSE_SMS_ESCALATE_AFTER_MINUTES", 30))


def _hours() -> tuple[dt.time, dt.time]:
    start, _, end = str(getattr(settings, "ROSE_SMS_WORKING_HOURS", "09:00-17:00")).partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def _working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("GB", subdiv="ENG", years=day.year)


def working_minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    """Minutes of working time (London) between two moments."""
    if end <= start:
        return 0.0
    opens, closes = _hours()
    total = 0.0
    day = start.astimezone(LONDON).date()
    last = end.astimezone(LONDON).date()
    while day <= last:
        if _working_day(day):
            window_start = dt.datetime.combine(day, opens, tzinfo=LONDON)
            window_end = dt.datetime.combine(day, closes, tzinfo=LONDON)
            lo, hi = max(start, window_start), min(end, window_end)
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        day += dt.timedelta(days=1)
    return total


def _picked_up(conversation: Conversation, since: dt.datetime) -> bool:
    taken = conversation.events.filter(kind__in=["assigned", "handled"], at__gte=since).exclude(detail="unassigned")
    if taken.exists():
        return True
    return OutboundMessage.objects.filter(patient_id=conversation.patient_id, purpose="staff_reply",
                                          created_at__gte=since).exists()


def _lead(programme_id: Any) -> Any:
    from django.contrib.auth import get_user_model

    role = str(getattr(settings, "ROSE_SMS_ESCALATION_LEAD_ROLE", "admin"))
    return (get_user_model().objects.filter(programme_id=programme_id, role=role, is_active=True)
            .order_by("date_joined", "pk").first())


def escalate_urgent(*, now: dt.datetime | None = None) -> int:
    """Raise the next escalation for every urgent conversation nobody has picked up. Returns how
    many escalations were raised."""
    minutes = _minutes()
    now = now or timezone.now()
    if minutes <= 0:
        return 0
    raised = 0
    for conversation in Conversation.objects.filter(status=Conversation.Status.OPEN, urgent=True).select_related(
            "patient"):
        oldest = (InboxItem.objects.filter(conversation=conversation, urgent=True, handled_at__isnull=True)
                  .order_by("created_at").values_list("created_at", flat=True).first())
        if oldest is None or _picked_up(conversation, oldest):
            continue
        level = conversation.events.filter(kind="escalated", at__gte=oldest).count() + 1
        if level > 2 or working_minutes_between(oldest, now) < minutes * level:
            continue
        raised += _escalate(conversation, level=level, minutes=minutes * level, now=now, since=oldest)
    return raised


@transaction.atomic
def _escalate(conversation: Conversation, *, level: int, minutes: int, now: dt.datetime, since: dt.datetime) -> int:
    from rose.patients.models import Task
    from rose.patients.services import task_create

    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.events.filter(kind="escalated", at__gte=since).count() >= level:
        return 0  # another worker raised this level a moment ago
    task = task_create(patient=conversation.patient, kind="escalation", priority="urgent", source=conversation,
                       title=LEVEL_TITLES[level].format(minutes=minutes))
    lead = _lead(conversation.programme_id) if level == 2 else None
    if lead is not None:
        Task.objects.filter(pk=task.pk).update(assigned_to=lead)
    ConversationEvent.objects.create(conversation=locked, at=now, kind="escalated", detail=f"level {level}")
    return 1
