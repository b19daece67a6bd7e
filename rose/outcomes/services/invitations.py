"""Invitations: create one (with its empty responses and dose snapshot), text its link, remind, expire, cancel."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes.models import Invitation, InvitationTransition, OutcomeEvent, Response
from rose.outcomes.services.answers import response_score
from rose.outcomes.services.doses import dose_snapshot_from_plan
from rose.outcomes.services.events import event_window
from rose.outcomes.services.instruments import instruments_current
from rose.outcomes.services.transitions import S, _transition
from rose.patients.access_links import access_link_create, access_link_url
from rose.patients.models import Patient, PatientStatus
from rose.patients.services import timeline_add

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.messaging.models import OutboundMessage

logger = logging.getLogger(__name__)

LINK_PURPOSE = "questionnaire"
LINK_VALID_FOR = dt.timedelta(days=7)
REMINDER_DAYS = (3, 6)


def _message_schedule(*, patient: Patient, purpose: str, body: str, related: Invitation,
                      actor: User | None) -> OutboundMessage | None:
    """Send through messaging (returns None when the patient cannot be texted)."""
    try:
        from rose.messaging.services import message_schedule
    except ImportError:
        logger.warning("outcomes: messaging is not available; invitation not texted")
        return None
    return message_schedule(patient=patient, purpose=purpose, body=body, related=related, actor=actor)


def invitation_link_text(invitation: Invitation, *, purpose: str, body: str,
                         actor: User | None = None) -> OutboundMessage | None:
    valid_for = max(dt.timedelta(days=1), min(LINK_VALID_FOR, dt.timedelta(
        days=(invitation.closes_on - timezone.localdate()).days + 1)))
    token = access_link_create(patient=invitation.patient, purpose=LINK_PURPOSE, target=str(invitation.pk),
                               valid_for=valid_for)
    return _message_schedule(patient=invitation.patient, purpose=purpose, body=body.format(url=access_link_url(token)),
                             related=invitation, actor=actor)


INVITE_TEXT = ("ROSE pain service: please answer a few short questions about how you are. It takes about "
               "5 minutes: {url} You will be asked your date of birth. The link works for 7 days.")
REMINDER_TEXT = ("ROSE pain service reminder: we would still like your answers to a few short questions: {url} "
                 "You will be asked your date of birth.")


def _other_baseline(*, patient: Patient, event: OutcomeEvent) -> Invitation | None:
    """The patient's invitation to another baseline event, read with the patient's row locked so two
    writers (the hourly job, a nurse sending a link by hand) cannot each create a different one."""
    Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk", flat=True).first()
    return (Invitation.objects.filter(patient=patient, event__is_baseline=True).exclude(event=event)
            .select_related("event").first())


@transaction.atomic
def invitation_create(*, patient: Patient, event: OutcomeEvent, anchor_date: dt.date, actor: User | None = None,
                      send: bool = True) -> Invitation:
    """Create the invitation and one empty response per instrument, then text the link."""
    _, due, closes = event_window(event=event, anchor_date=anchor_date)
    if event.is_baseline:
        other = _other_baseline(patient=patient, event=event)
        if other is not None:  # never two baselines: the pathway that came first keeps its own
            return other
    invitation, created = Invitation.objects.get_or_create(
        patient=patient, event=event,
        defaults={"programme_id": patient.programme_id, "anchor_date": anchor_date, "due_on": due, "closes_on": closes})
    if not created:
        return invitation
    current = instruments_current(list(event.instruments))
    for order, code in enumerate(event.instruments):
        if code in current:
            Response.objects.create(invitation=invitation, patient=patient, programme_id=patient.programme_id,
                                    instrument=current[code], order=order)
        else:
            logger.warning("outcomes: event %s names unknown instrument %s", event.code, code)
    InvitationTransition.objects.create(invitation=invitation, from_status="", to_status=S.INVITED,
                                        actor=actor if getattr(actor, "is_authenticated", False) else None,
                                        actor_label="staff" if actor else "system", reason="created")
    audit_log(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system", obj=invitation,
              patient=patient, detail={"event": event.code})
    try:
        with transaction.atomic():
            dose_snapshot_from_plan(patient=patient, event=event, on=min(due, timezone.localdate()))
    except Exception:
        logger.exception("outcomes: dose snapshot failed for invitation %s", invitation.pk)
    timeline_add(patient=patient, kind="questionnaire", summary=f"Questionnaires for {event.label} sent",
                 actor=actor, source=invitation)
    if send:
        invitation.invited_at = timezone.now()
        invitation.save(update_fields=["invited_at", "updated_at"])
        invitation_link_text(invitation, purpose="questionnaire_invite", body=INVITE_TEXT)
    return invitation


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Periodic: a reminder on day 3 and day 6 after the invitation to those who have not finished."""
    now = now or timezone.now()
    sent = 0
    for number, day in enumerate(REMINDER_DAYS, start=1):
        due = Invitation.objects.filter(status__in=[S.INVITED, S.IN_PROGRESS], reminders_sent=number - 1,
                                        invited_at__lte=now - dt.timedelta(days=day),
                                        closes_on__gte=timezone.localdate(now)).select_related("patient")
        for invitation in due.iterator(chunk_size=500):
            with transaction.atomic():
                locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
                if locked.reminders_sent != number - 1 or not locked.is_open:
                    continue
                locked.reminders_sent = number
                locked.last_reminder_at = now
                locked.save(update_fields=["reminders_sent", "last_reminder_at", "updated_at"])
                locked.patient = invitation.patient
                invitation_link_text(locked, purpose="questionnaire_reminder", body=REMINDER_TEXT)
                sent += 1
    return sent


def invitations_expire(*, today: dt.date | None = None) -> int:
    """Periodic: close invitations whose window has passed; score what was answered."""
    today = today or timezone.localdate()
    count = 0
    for invitation in Invitation.objects.filter(status__in=[S.INVITED, S.IN_PROGRESS], closes_on__lt=today):
        with transaction.atomic():
            for response in invitation.responses.filter(completed_at__isnull=True, started_at__isnull=False):
                response_score(response=response)
            _transition(invitation, S.EXPIRED, reason="window closed")
            count += 1
    return count


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: User | None = None, reason: str = "") -> Invitation:
    _transition(invitation, S.CANCELLED, actor=actor, reason=reason)
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=invitation, patient=invitation.patient_id,
              detail={"status": "cancelled"})
    return invitation


def patient_status_changed(*, patient_id: uuid.UUID, status: str) -> None:
    """patients.hooks.status_changed: a discharged or deceased patient gets no more questionnaires."""
    if status == PatientStatus.ACTIVE:
        return
    for invitation in Invitation.objects.filter(patient_id=patient_id, status__in=[S.INVITED, S.IN_PROGRESS]):
        invitation_cancel(invitation=invitation, reason=f"patient {status}")



def portal_url_for(invitation_id: uuid.UUID | str) -> str:
    return reverse("outcomes:portal_start", kwargs={"invitation_id": invitation_id})
