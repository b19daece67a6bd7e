"""Triage: each status change of a referral (only along `TRANSITIONS`, each an immutable row, the
referrer told by email after commit), review, questions and answers, and acceptance onto the
programme and its waitlist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.referrals import hooks
from rose.referrals.models import (
    TRANSITIONS,
    Referral,
    ReferralNote,
    ReferralStatus,
    ReferralStatusChange,
    WaitlistEntry,
    WaitlistPathway,
    WaitlistStatus,
)
from rose.referrals.services.notifications import _worth_telling_the_referrer, referral_notify
from rose.referrals.services.waitlist import waitlist_add

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import User


def _write_status(referral: Referral, to_status: str, actor: User | None, reason: str,
                  actor_label: str = "") -> None:
    from_status = referral.status
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(f"A referral that is {referral.get_status_display().lower()} cannot be "
                              f"{ReferralStatus(to_status).label.lower()}")
    now = timezone.now()
    change = ReferralStatusChange.objects.create(
        referral=referral, from_status=from_status, to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or (actor.full_name if actor is not None and actor.is_authenticated else "system"),
        reason=reason, at=now)
    referral.status = to_status
    referral.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if to_status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN):
        referral.decided_at = now
        fields.append("decided_at")
    referral.save(update_fields=fields)
    audit_log(action=AuditAction.UPDATE, actor=actor if actor else None, obj=referral,
              patient=referral.patient_id, actor_label=None if actor else (actor_label or "system"),
              detail={"status": to_status, "from": from_status})
    if _worth_telling_the_referrer(from_status, to_status, actor, referral):
        transaction.on_commit(lambda: referral_notify(referral_id=referral.pk, change_id=change.pk))



@transaction.atomic
def referral_set_status(*, referral: Referral, status: str, actor: User, reason: str = "") -> Referral:
    """Review, withdraw or decline (decline needs a reason). Accept goes through referral_accept."""
    referral = Referral.objects.select_for_update().select_related("programme").get(pk=referral.pk)
    if status == ReferralStatus.ACCEPTED:
        raise ValidationError("Use accept to accept a referral")
    if status in (ReferralStatus.DECLINED, ReferralStatus.MORE_INFO, ReferralStatus.WITHDRAWN) and not reason.strip():
        raise ValidationError("Give a reason")
    _write_status(referral, status, actor, reason)
    if status == ReferralStatus.MORE_INFO:
        ReferralNote.objects.create(referral=referral, kind=ReferralNote.Kind.QUESTION, author=actor, body=reason)
    return referral


@transaction.atomic
def referral_answer(*, referral: Referral, actor: User, answer: str) -> Referral:
    """The referrer answers the team's question; the referral goes back to review."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.MORE_INFO:
        raise ValidationError("This referral is not waiting for more information")
    ReferralNote.objects.create(referral=referral, kind=ReferralNote.Kind.ANSWER, author=actor, body=answer)
    _write_status(referral, ReferralStatus.IN_REVIEW, actor, "Referrer answered the question")
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User, reason: str = "", request: HttpRequest | None = None,
                    pathway: str = WaitlistPathway.BOTH) -> Referral:
    """Match or create the patient by NHS number in the programme, record consents, add to the waitlist
    for the `pathway` the patient needs (group course, one-to-one clinic or both)."""
    from rose.patients.models import Patient
    from rose.patients.services import consent_record, patient_create, timeline_add

    referral = Referral.objects.select_for_update().select_related("programme").get(pk=referral.pk)
    if ReferralStatus.ACCEPTED not in TRANSITIONS.get(referral.status, ()):
        raise ValidationError(f"A referral that is {referral.get_status_display().lower()} cannot be accepted")
    patient = Patient.objects.filter(programme_id=referral.programme_id, nhs_number=referral.nhs_number).first()
    if patient is None:
        patient = patient_create(actor=actor, programme=referral.programme, request=request,
                                 nhs_number=referral.nhs_number, given_name=referral.given_name,
                                 family_name=referral.family_name, date_of_birth=referral.date_of_birth,
                                 mobile=referral.mobile, gp_practice=referral.gp_practice,
                                 communication_needs=referral.communication_needs)
    referral.patient = patient
    referral.save(update_fields=["patient", "updated_at"])
    if referral.consent_texts is not None:
        consent_record(patient=patient, kind="texts", given=bool(referral.consent_texts), source="referral",
                       actor=actor, note=f"Referral {referral.reference}")
    if referral.eligibility.get("agrees_to_referral") is not None:
        consent_record(patient=patient, kind="contact", given=bool(referral.eligibility["agrees_to_referral"]),
                       source="referral", actor=actor, note=f"Referral {referral.reference}")
    _write_status(referral, ReferralStatus.ACCEPTED, actor, reason)
    timeline_add(patient=patient, kind="referral_accepted",
                 summary=f"Referral {referral.reference} accepted", actor=actor, source=referral)
    open_entry = WaitlistEntry.objects.filter(patient=patient, status__in=[
        WaitlistStatus.WAITING, WaitlistStatus.OFFERED, WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED]).first()
    if open_entry is None:
        waitlist_add(patient=patient, referral=referral, actor=actor, pathway=pathway)
    hooks.referral_accepted.run(referral=referral, patient=patient, actor=actor)  # the hub's welcome text
    return referral
