"""Staff text a patient a questionnaire link by hand, from the patient's outcomes page (issue 15).

The hourly job (`services.invitations_schedule_due`) stays the normal way in; this is for a patient
who lost the text, or a window that has just opened. Same rules: one invitation per event, one
baseline per patient, only inside an event's window. Refused, with the reason shown to staff, for a
patient who is not active, has no mobile or has not agreed to texts, and after BY_HAND_PER_DAY links
in 24 hours (then the team phones instead)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes import services
from rose.outcomes.models import Invitation, OutcomeEvent
from rose.patients.models import Patient, PatientStatus
from rose.patients.services import timeline_add

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import User

S = Invitation.Status

BY_HAND_PURPOSE = "questionnaire_by_hand"
BY_HAND_PER_DAY = 3


def link_choices(*, patient: Patient, today: dt.date | None = None) -> list[dict[str, Any]]:
    """What staff may text the patient a link to now, soonest due first: each open invitation (a fresh
    link), and each event whose window is open but which the hourly job has not reached yet (the same
    rules, one baseline included). Never an event before or after its window."""
    today = today or timezone.localdate()
    choices = [{"event": invitation.event, "invitation": invitation, "anchor": invitation.anchor_date,
                "due": invitation.due_on} for invitation in Invitation.objects.filter(
                    patient=patient, status__in=[S.INVITED, S.IN_PROGRESS], closes_on__gte=today)
                .select_related("event")]
    events = services.schedule_ensure_defaults(programme=patient.programme)  # made once, as the hourly job does
    if events and patient.status == PatientStatus.ACTIVE:
        for _, event, anchor in services.invitations_due_many(patient.programme_id, [patient.pk], events, today):
            due = services.event_window(event=event, anchor_date=anchor)[1]
            choices.append({"event": event, "invitation": None, "anchor": anchor, "due": due})
    return sorted(choices, key=lambda choice: (choice["due"], choice["event"].order))


def link_refusal(*, patient: Patient) -> str:
    """Why no questionnaire link can be texted to the patient now ("" when one can)."""
    from rose.messaging.services import NOT_TEXTABLE_WORDS, texts_in_last_day, why_not_textable

    reason = why_not_textable(patient=patient)
    if reason in ("no_mobile", "no_consent"):
        return f"No link can be sent: {NOT_TEXTABLE_WORDS[reason]}. Phone them and enter their answers instead"
    if reason:
        return f"No link can be sent: {NOT_TEXTABLE_WORDS[reason]}"
    sent = texts_in_last_day(patient=patient, purpose=BY_HAND_PURPOSE)
    if sent >= BY_HAND_PER_DAY:
        return (f"No link can be sent: {sent} questionnaire links have been sent by hand in the last 24 hours. "
                "Phone the patient and enter their answers instead")
    return ""


@transaction.atomic
def questionnaire_link_send(*, patient: Patient, event: OutcomeEvent, actor: User, request: HttpRequest | None = None,
                            today: dt.date | None = None) -> Invitation:
    """Staff text the patient a fresh single-use link to one event's questionnaires (creating the
    invitation when its window is open but the hourly job has not reached it). Refused, with the
    reason, when the patient cannot be texted, after BY_HAND_PER_DAY links in 24 hours, or when the
    event is not open for the patient."""
    Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk", flat=True).first()
    refusal = link_refusal(patient=patient)
    if refusal:
        raise ValidationError(refusal)
    choice = next((c for c in link_choices(patient=patient, today=today) if c["event"].pk == event.pk), None)
    if choice is None:
        raise ValidationError("These questionnaires are not open for this patient now: choose one of those listed")
    invitation = choice["invitation"] or services.invitation_create(
        patient=patient, event=event, anchor_date=choice["anchor"], actor=actor, send=False)
    if invitation.event_id != event.pk:
        raise ValidationError(f"The patient already has a baseline ({invitation.event.label}): send that one")
    invitation.patient = patient
    invitation.invited_at = invitation.invited_at or timezone.now()
    invitation.save(update_fields=["invited_at", "updated_at"])
    text = services.invitation_link_text(invitation, purpose=BY_HAND_PURPOSE, body=services.INVITE_TEXT, actor=actor)
    if text is None:
        raise ValidationError("No link can be sent: the patient cannot be sent texts")
    if choice["invitation"] is not None:
        timeline_add(patient=patient, kind="questionnaire", actor=actor, source=invitation,
                     summary=f"Questionnaire link for {event.label} sent again by hand")
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=invitation, patient=patient, request=request,
              detail={"event": event.code, "link": "sent by hand"})
    return invitation
