"""Escalation of urgent texts and urgent tasks nobody has picked up, in working hours.

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

Urgent tasks (not about a text) escalate the same way when nobody is assigned to them; each level
is recorded on the task (`escalation_level`). See docs/worklist.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rose.core.working_time import escalate_after_minutes, working_minutes_between
from rose.messaging.models import Conversation, ConversationEvent, InboundMessage, InboxItem, OutboundMessage

__all__ = ["escalate_urgent", "working_minutes_between"]

LEVEL_TITLES = {
    1: "Urgent text not picked up in {minutes} minutes: a second member of the team to act now",
    2: "Urgent text still not picked up after {minutes} minutes: programme lead to act now",
}
TASK_LEVEL_TITLES = {
    1: "Urgent task not picked up in {minutes} minutes: a second member of the team to act now ({title})",
    2: "Urgent task still not picked up after {minutes} minutes: programme lead to act now ({title})",
}


def _minutes() -> int:
    return escalate_after_minutes()


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
    return raised + _escalate_tasks(now=now, minutes=minutes)


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


def _escalate_tasks(*, now: dt.datetime, minutes: int) -> int:
    """Urgent tasks (a PHQ-9 self-harm answer, a failed GP letter) nobody has taken: the same two
    levels as texts. A task is picked up when someone is assigned to it or it is closed. Tasks about
    a text are left to their conversation's escalation (one event, one escalation), escalation tasks
    are never escalated themselves, and tasks raised before due times existed (no `due_at`) are left
    alone so that the first run after an upgrade does not escalate the whole backlog."""
    from rose.patients.models import Task

    candidates = (Task.objects.filter(status=Task.Status.OPEN, priority=Task.Priority.URGENT,
                                      assigned_to__isnull=True, escalation_level__lt=2, due_at__isnull=False,
                                      created_at__lte=now - dt.timedelta(minutes=minutes))
                  .exclude(kind="escalation").exclude(source_type=InboundMessage._meta.label)
                  .select_related("patient").order_by("created_at"))
    raised = 0
    for task in candidates:
        level = task.escalation_level + 1
        if working_minutes_between(task.created_at, now) >= minutes * level:
            raised += _escalate_task(task, level=level, minutes=minutes * level)
    return raised


@transaction.atomic
def _escalate_task(task: Any, *, level: int, minutes: int) -> int:
    from rose.patients.models import Task
    from rose.patients.services import task_create

    # The compare-and-set is the once-only guard: a second worker, or a nurse who took the task a
    # moment ago, makes it update nothing.
    if not Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, assigned_to__isnull=True,
                               escalation_level=level - 1).update(escalation_level=level):
        return 0
    escalation = task_create(patient=task.patient, kind="escalation", priority="urgent", source=task,
                             title=TASK_LEVEL_TITLES[level].format(minutes=minutes, title=task.title))
    lead = _lead(task.programme_id) if level == 2 else None
    if lead is not None:
        Task.objects.filter(pk=escalation.pk).update(assigned_to=lead)
    return 1
