"""Writes for the hub: learning assignments (team) and their progress and call-back requests (patient)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.hub.models import (
    ASSIGNMENT_TRANSITIONS,
    ArticlePage,
    AssignmentStatus,
    LearningAssignment,
    LearningAssignmentTransition,
)
from rose.messaging.services import inbox_item_create
from rose.patients.services import timeline_add

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest

    from rose.accounts.models import User
    from rose.messaging.models import InboxItem
    from rose.patients.models import Patient
    from rose.referrals.models import Referral


def _move(*, assignment: LearningAssignment, to: str, actor: User | None = None, actor_label: str = "",
          reason: str = "") -> LearningAssignment:
    current = AssignmentStatus(assignment.status)
    if to not in ASSIGNMENT_TRANSITIONS[current]:
        target = AssignmentStatus(to).label.lower()
        raise ValidationError(f"This page cannot go from {current.label.lower()} to {target}")
    now = timezone.now()
    assignment.status = to
    if to == AssignmentStatus.READ and assignment.read_at is None:
        assignment.read_at = now
    if to == AssignmentStatus.COMPLETED:
        assignment.read_at = assignment.read_at or now
        assignment.completed_at = now
    assignment.save(update_fields=["status", "read_at", "completed_at", "updated_at"])
    LearningAssignmentTransition.objects.create(
        assignment=assignment, from_status=current, to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None, actor_label=actor_label, reason=reason)
    return assignment


@transaction.atomic
def assignment_create(*, patient: Patient, page: ArticlePage, actor: User | None,
                      request: HttpRequest | None = None) -> LearningAssignment:
    """Ask a patient to read a hub page. Assigning a page again brings back a withdrawn one."""
    existing = LearningAssignment.objects.select_for_update().filter(patient_id=patient.pk, page_id=page.pk).first()
    if existing is not None and existing.status != AssignmentStatus.WITHDRAWN:
        raise ValidationError("This page is already assigned to this patient")
    if existing is not None:
        assignment = _move(assignment=existing, to=AssignmentStatus.ASSIGNED, actor=actor, reason="assigned again")
    else:
        assignment = LearningAssignment.objects.create(programme_id=patient.programme_id, patient=patient,
                                                       page=page, assigned_by=actor)
        LearningAssignmentTransition.objects.create(assignment=assignment, to_status=AssignmentStatus.ASSIGNED,
                                                    actor=actor, reason="assigned")
    timeline_add(patient=patient, kind="learning_assigned", summary=f"Learning page assigned: {page.title}",
                 actor=actor, source=assignment)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=assignment, patient=patient, request=request,
              detail={"page_id": page.pk})
    return assignment


@transaction.atomic
def assignment_withdraw(*, assignment: LearningAssignment, actor: User,
                        request: HttpRequest | None = None) -> LearningAssignment:
    if assignment.status == AssignmentStatus.WITHDRAWN:
        return assignment
    _move(assignment=assignment, to=AssignmentStatus.WITHDRAWN, actor=actor, reason="withdrawn by team")
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=assignment, patient=assignment.patient_id,
              request=request, detail={"status": AssignmentStatus.WITHDRAWN})
    return assignment


@transaction.atomic
def assignment_record_progress(*, assignment: LearningAssignment, status: str, request: HttpRequest | None = None
                               ) -> LearningAssignment:
    """The patient marks a page read or completed from the portal (never backwards)."""
    if status not in (AssignmentStatus.READ, AssignmentStatus.COMPLETED):
        raise ValidationError("Choose read or completed")
    if assignment.status == status or (assignment.status == AssignmentStatus.COMPLETED):
        return assignment
    _move(assignment=assignment, to=status, actor_label="patient", reason="portal")
    audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=assignment, patient=assignment.patient_id,
              request=request, detail={"event": "learning_progress", "status": status})
    return assignment


def portal_view_record(*, patient: Patient, request: HttpRequest, page: str, obj: Model | None = None) -> None:
    """Audit row for every portal page the patient opens."""
    audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=obj or patient, patient=patient,
              request=request, detail={"event": "view", "page": page})


CALL_BACK_REASONS = {
    "plan": "medicine plan", "symptoms": "withdrawal symptoms or side effects",
    "appointment": "appointment or group session", "other": "something else",
}
CALL_BACK_TIMES = {"morning": "morning", "afternoon": "afternoon", "any": "any time"}


@transaction.atomic
def call_back_request(*, patient: Patient, reason: str, best_time: str,
                      request: HttpRequest | None = None) -> InboxItem:
    """The patient asks for a call back from the portal: an item in the nurse inbox."""
    summary = (f"Call back requested from the patient portal about {CALL_BACK_REASONS[reason]}; "
               f"best time: {CALL_BACK_TIMES[best_time]}")
    item = inbox_item_create(patient=patient, summary=summary, urgent=reason == "symptoms", source=None)
    audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=item, patient=patient, request=request,
              detail={"event": "call_back", "reason": reason, "best_time": best_time})
    return item


# ---------------------------------------------------------------- links to the patient's own page

PORTAL_LINK_VALID_FOR = dt.timedelta(days=28)
PORTAL_TEXT = ("ROSE: your own page shows your appointments, your group course and what to read next: {url} "
               "It asks for your date of birth. The link works for 28 days; ask us for a new one any time.")
WELCOME_TEXT = ("ROSE: the ROSE team has accepted your referral and will contact you about your first appointment "
                "or group course. Your own page: {url} It asks for your date of birth.")


PORTAL_LINKS_BY_HAND_PER_DAY = 3


def portal_link_refusal(*, patient: Patient) -> str:
    """Why staff cannot text the patient a portal link now, in words for the patient record ("" when
    they can). At most PORTAL_LINKS_BY_HAND_PER_DAY portal texts in 24 hours (the welcome text counts):
    a patient who keeps losing them is better phoned or sent a letter."""
    from rose.messaging.services import NOT_TEXTABLE_WORDS, texts_in_last_day, why_not_textable

    reason = why_not_textable(patient=patient)
    if reason in ("no_mobile", "no_consent"):
        return f"No link was sent: {NOT_TEXTABLE_WORDS[reason]}. Give them the link another way, such as a letter"
    if reason:
        return f"No link was sent: {NOT_TEXTABLE_WORDS[reason]}"
    sent = texts_in_last_day(patient=patient, purpose="portal_link")
    if sent >= PORTAL_LINKS_BY_HAND_PER_DAY:
        return (f"No link was sent: {sent} links to their own page have been texted in the last 24 hours. "
                "Phone the patient instead")
    return ""


@transaction.atomic
def portal_link_send(*, patient: Patient, actor: User | None = None, welcome: bool = False) -> bool:
    """Text the patient a single-use link to their portal (consent, opt-outs and quiet hours apply
    in messaging). False, and nothing written, when the patient cannot be sent texts. The text holds
    no clinical detail: anyone holding the phone can read it."""
    from rose.messaging.services import message_can_text, message_schedule
    from rose.patients.access_links import access_link_create, access_link_url

    if not message_can_text(patient=patient):
        return False
    url = access_link_url(access_link_create(patient=patient, purpose="portal", valid_for=PORTAL_LINK_VALID_FOR))
    body = (WELCOME_TEXT if welcome else PORTAL_TEXT).format(url=url)
    message = message_schedule(patient=patient, purpose="portal_link", body=body, actor=actor)
    if message is None:
        transaction.set_rollback(True)
        return False
    timeline_add(patient=patient, kind="portal_link", actor=actor, source=message,
                 summary="Welcome text with a link to their own page" if welcome else "Texted a link to their own page")
    return True


def welcome_on_referral_accepted(*, referral: Referral, patient: Patient, actor: User | None = None) -> None:
    """The first contact after a referral is accepted carries the portal link (referrals'
    referrals.hooks.referral_accepted), so the patient's page is reachable from day one."""
    portal_link_send(patient=patient, actor=actor, welcome=True)
