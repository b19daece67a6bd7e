"""A referral from draft to submitted: drafts by a referrer, what is missing, the reference, the OME
band and flags at submission, and a referral arriving through the FHIR API."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.referrals.models import (
    ACTIVE_STATUSES,
    Referral,
    ReferralSource,
    ReferralStatus,
    WaitlistStatus,
    ome_band_for,
)
from rose.referrals.services.eligibility import eligibility_criteria, eligibility_problems, referral_ome
from rose.referrals.services.triage import _write_status

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import Organisation, User

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud

DRAFT_FIELDS = ("nhs_number", "given_name", "family_name", "date_of_birth", "mobile", "gp_practice",
                "communication_needs", "pain_condition", "pain_duration", "pain_impact", "regimen",
                "other_medicines", "other_medicines_detail", "eligibility", "risk_flags", "reason", "hopes",
                "consent_texts")


def reference_generate() -> str:
    """ROSE-XXXX-XXXX from 30 symbols: 30^8 (6.5e11) values, random, so not guessable or personal."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"ROSE-{chars[:4]}-{chars[4:]}"



@transaction.atomic
def referral_draft_create(*, actor: User, request: HttpRequest | None = None) -> Referral:
    organisation = actor.organisation if getattr(actor, "role", None) == Role.REFERRER and actor.organisation_id \
        else None
    if organisation is None or actor.programme_id is None:  # no programme: the row could not be saved
        raise ValidationError("Only a referrer tied to an organisation and a programme can start a referral")
    referral = Referral.objects.create(
        programme_id=actor.programme_id, referrer_organisation=organisation, referrer=actor,
        gp_practice=organisation if organisation.kind == "gp_practice" else None)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=referral, request=request, detail={"status": "draft"})
    return referral


@transaction.atomic
def referral_draft_update(*, referral: Referral, actor: User, request: HttpRequest | None = None,
                          **fields: object) -> Referral:
    if referral.status != ReferralStatus.DRAFT:
        raise ValidationError("This referral has been submitted and can no longer be changed")
    changed = [name for name in DRAFT_FIELDS if name in fields and getattr(referral, name) != fields[name]]
    for name in changed:
        setattr(referral, name, fields[name])
    if changed:
        referral.save(update_fields=[*changed, "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=referral, request=request,
                  detail={"fields": changed})
    return referral


def referral_missing(*, referral: Referral) -> list[tuple[str, str]]:
    """(step, message) for each answer still needed before submit."""
    missing = []
    if not referral.nhs_number:
        missing.append(("patient", "Enter the patient's NHS number"))
    if not (referral.given_name and referral.family_name):
        missing.append(("patient", "Enter the patient's name"))
    if not referral.date_of_birth:
        missing.append(("patient", "Enter the patient's date of birth"))
    if not referral.pain_condition:
        missing.append(("pain", "Describe the patient's pain condition"))
    if not (referral.regimen or {}).get("items"):
        missing.append(("opioids", "Add at least one current opioid"))
    if not referral.eligibility:
        missing.append(("eligibility", "Answer the eligibility questions"))
    if not referral.reason:
        missing.append(("reason", "Enter the reason for referral"))
    if referral.consent_texts is None:
        missing.append(("reason", "Say whether the patient consents to text messages"))
    if referral.eligibility and referral.eligibility.get("agrees_to_referral") is False:
        missing.append(("eligibility", "The patient must agree to be referred before you submit"))
    return missing


def _compute_flags(referral: Referral) -> None:
    calc = referral_ome(referral=referral)
    result = calc["result"]
    total = result.get("total_ome_mg_per_day") if result else None
    referral.total_ome_mg = Decimal(str(total)) if total is not None else None
    referral.ome_band = ome_band_for(total)
    referral.ome_table = result.get("table", "") if result else ""
    criteria = eligibility_criteria(programme=referral.programme)
    referral.flag_ineligible = bool(eligibility_problems(answers=referral.eligibility or {}, criteria=criteria))
    referral.flag_risk = bool(referral.risk_flags)
    referral.flag_duplicate = _has_other_active(referral)


def _has_other_active(referral: Referral) -> bool:
    from rose.patients.models import Patient, PatientStatus

    if not referral.nhs_number:
        return False
    other = Referral.objects.filter(programme_id=referral.programme_id, nhs_number=referral.nhs_number,
                                    status__in=ACTIVE_STATUSES).exclude(pk=referral.pk).exists()
    on_programme = Patient.objects.filter(programme_id=referral.programme_id, nhs_number=referral.nhs_number,
                                          status=PatientStatus.ACTIVE, waitlist_entries__status__in=[
                                              WaitlistStatus.WAITING, WaitlistStatus.OFFERED,
                                              WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED]).exists()
    return other or on_programme


@transaction.atomic
def referral_submit(*, referral: Referral, actor: User | None = None, actor_label: str = "",
                    require_complete: bool = True) -> Referral:
    """Give the reference, store the OME band and flags, and move draft -> submitted.

    FHIR referrals (require_complete=False) may lack answers the form asks for: the gaps are then
    highlighted in triage (eligibility not answered counts as "check")."""
    referral = Referral.objects.select_for_update().select_related("programme").get(pk=referral.pk)
    missing = referral_missing(referral=referral) if require_complete else []
    if missing:
        raise ValidationError([message for _, message in missing])
    calc = referral_ome(referral=referral)
    if calc["errors"]:
        raise ValidationError(["Correct the opioid doses: " + "; ".join(
            f"{e['field']}: {e['message']}" for e in calc["errors"])])
    _compute_flags(referral)
    referral.submitted_at = timezone.now()
    for _ in range(5):
        referral.reference = reference_generate()
        try:
            with transaction.atomic():
                referral.save(update_fields=["reference", "submitted_at", "total_ome_mg", "ome_band", "ome_table",
                                             "flag_ineligible", "flag_risk", "flag_duplicate", "updated_at"])
            break
        except IntegrityError:  # pragma: no cover - one chance in billions
            continue
    if referral.flag_duplicate:  # the earlier active referral is flagged too
        Referral.objects.filter(programme_id=referral.programme_id, nhs_number=referral.nhs_number,
                                status__in=ACTIVE_STATUSES).exclude(pk=referral.pk).update(flag_duplicate=True)
    _write_status(referral, ReferralStatus.SUBMITTED, actor, "", actor_label=actor_label)
    return referral


@transaction.atomic
def referral_intake(*, organisation: Organisation, fields: dict[str, Any], source_label: str) -> Referral:
    """A referral from the FHIR API, created and submitted in one go."""
    referral = Referral.objects.create(
        programme_id=organisation.programme_id, referrer_organisation=organisation, source=ReferralSource.FHIR,
        gp_practice=organisation if organisation.kind == "gp_practice" else None,
        **{k: v for k, v in fields.items() if k in (*DRAFT_FIELDS, "external_id")})
    audit_log(action=AuditAction.CREATE, actor_label=source_label, obj=referral, detail={"source": "fhir"})
    return referral_submit(referral=referral, actor=None, actor_label=source_label, require_complete=False)
