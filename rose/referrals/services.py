"""Writes for referrals and the waitlist. Each function is transactional and audited; emails go
out after commit. Status changes only follow `TRANSITIONS` and each writes an immutable row."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core.presenters import date as format_date
from rose.medicines.services import ContractError, ome_calculate
from rose.referrals import hooks
from rose.referrals.models import (
    ACTIVE_STATUSES,
    DEFAULT_ELIGIBILITY,
    TRANSITIONS,
    ApiToken,
    EligibilityCriterion,
    Referral,
    ReferralNote,
    ReferralSource,
    ReferralStatus,
    ReferralStatusChange,
    WaitlistEntry,
    WaitlistPathway,
    WaitlistStatus,
    WaitlistStatusChange,
    ome_band_for,
)

# Co-prescribed codes the dose engine understands (antidepressants are recorded but not sent).
ENGINE_CO_PRESCRIBED = frozenset({"benzodiazepine", "gabapentinoid", "z-drug"})

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud

DRAFT_FIELDS = ("nhs_number", "given_name", "family_name", "date_of_birth", "mobile", "gp_practice",
                "communication_needs", "pain_condition", "pain_duration", "pain_impact", "regimen",
                "other_medicines", "other_medicines_detail", "eligibility", "risk_flags", "reason", "hopes",
                "consent_texts")


def reference_generate() -> str:
    """ROSE-XXXX-XXXX from 30 symbols: 30^8 (6.5e11) values, random, so not guessable or personal."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"ROSE-{chars[:4]}-{chars[4:]}"


# ---------------------------------------------------------------- eligibility and OME


def eligibility_criteria(*, programme: Any) -> list[dict[str, Any]]:
    """The programme's checklist, or the default one when the service has not configured it."""
    rows = [{"code": c.code, "question": c.question, "expected": c.expected}
            for c in EligibilityCriterion.objects.filter(programme=programme, active=True).order_by("order", "code")]
    if rows:
        return rows
    return [{"code": code, "question": question, "expected": expected}
            for code, question, expected in DEFAULT_ELIGIBILITY]


def eligibility_problems(*, answers: dict[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Criteria answered otherwise than expected (or not answered): highlighted, never declined."""
    return [c for c in criteria if answers.get(c["code"]) is not c["expected"]]


def engine_regimen(*, referral: Referral) -> dict[str, Any]:
    regimen = dict(referral.regimen or {})
    co = sorted(set(referral.other_medicines or []) & ENGINE_CO_PRESCRIBED)
    if co:
        regimen["co_prescribed"] = co
    else:
        regimen.pop("co_prescribed", None)
    return regimen


def referral_ome(*, referral: Referral) -> dict[str, Any]:
    """{"result": ome answer | None, "errors": [...], "empty": bool}. Never raises."""
    regimen = engine_regimen(referral=referral)
    if not regimen.get("items"):
        return {"result": None, "errors": [], "empty": True}
    try:
        return {"result": ome_calculate(regimen=regimen, programme=referral.programme), "errors": [],
                "empty": False}
    except ContractError as exc:
        return {"result": None, "errors": list(exc.errors), "empty": False}


# ---------------------------------------------------------------- drafts and submit


@transaction.atomic
def referral_draft_create(*, actor: Any, request: Any = None) -> Referral:
    if getattr(actor, "role", None) != Role.REFERRER or not actor.organisation_id:
        raise ValidationError("Only a referrer tied to an organisation can start a referral")
    organisation = actor.organisation
    referral = Referral.objects.create(
        programme_id=actor.programme_id, referrer_organisation=organisation, referrer=actor,
        gp_practice=organisation if organisation.kind == "gp_practice" else None)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=referral, request=request, detail={"status": "draft"})
    return referral


@transaction.atomic
def referral_draft_update(*, referral: Referral, actor: Any, request: Any = None, **fields: Any) -> Referral:
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


def _write_status(referral: Referral, to_status: str, actor: Any, reason: str, actor_label: str = "") -> None:
    from_status = referral.status
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(f"A referral that is {referral.get_status_display().lower()} cannot be "
                              f"{ReferralStatus(to_status).label.lower()}")
    now = timezone.now()
    change = ReferralStatusChange.objects.create(
        referral=referral, from_status=from_status, to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or (actor.full_name if getattr(actor, "is_authenticated", False) else "system"),
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
def referral_submit(*, referral: Referral, actor: Any = None, actor_label: str = "",
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
def referral_intake(*, organisation: Any, fields: dict[str, Any], source_label: str) -> Referral:
    """A referral from the FHIR API, created and submitted in one go."""
    referral = Referral.objects.create(
        programme_id=organisation.programme_id, referrer_organisation=organisation, source=ReferralSource.FHIR,
        gp_practice=organisation if organisation.kind == "gp_practice" else None,
        **{k: v for k, v in fields.items() if k in (*DRAFT_FIELDS, "external_id")})
    audit_log(action=AuditAction.CREATE, actor_label=source_label, obj=referral, detail={"source": "fhir"})
    return referral_submit(referral=referral, actor=None, actor_label=source_label, require_complete=False)


# ---------------------------------------------------------------- triage


@transaction.atomic
def referral_set_status(*, referral: Referral, status: str, actor: Any, reason: str = "") -> Referral:
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
def referral_answer(*, referral: Referral, actor: Any, answer: str) -> Referral:
    """The referrer answers the team's question; the referral goes back to review."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.MORE_INFO:
        raise ValidationError("This referral is not waiting for more information")
    ReferralNote.objects.create(referral=referral, kind=ReferralNote.Kind.ANSWER, author=actor, body=answer)
    _write_status(referral, ReferralStatus.IN_REVIEW, actor, "Referrer answered the question")
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, actor: Any, reason: str = "", request: Any = None,
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


# ---------------------------------------------------------------- waitlist (contract)


@transaction.atomic
def waitlist_add(*, patient: Any, referral: Referral | None = None, actor: Any = None,
                 pathway: str = WaitlistPathway.BOTH) -> WaitlistEntry:
    from rose.patients.services import timeline_add

    pathway = WaitlistPathway(pathway)
    entry = WaitlistEntry.objects.create(patient=patient, programme_id=patient.programme_id, referral=referral,
                                         status=WaitlistStatus.WAITING, pathway=pathway, added_at=timezone.now())
    audit_log(action=AuditAction.CREATE, actor=actor, obj=entry, patient=patient,
              actor_label=None if actor else "system", detail={"status": entry.status, "pathway": pathway.value})
    timeline_add(patient=patient, kind="waitlist", summary=f"Added to the programme waitlist ({pathway.label.lower()})",
                 actor=actor, source=entry)
    return entry


WAITLIST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    WaitlistStatus.WAITING: (WaitlistStatus.OFFERED, WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED,
                             WaitlistStatus.REMOVED),
    WaitlistStatus.OFFERED: (WaitlistStatus.WAITING, WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED,
                             WaitlistStatus.REMOVED),
    # Booked into a one-to-one clinic; a patient who needs both can still be offered a group place.
    WaitlistStatus.BOOKED: (WaitlistStatus.WAITING, WaitlistStatus.OFFERED, WaitlistStatus.ENROLLED,
                            WaitlistStatus.REMOVED),
    WaitlistStatus.ENROLLED: (WaitlistStatus.REMOVED, WaitlistStatus.WAITING),
    WaitlistStatus.REMOVED: (WaitlistStatus.WAITING,),
}


@transaction.atomic
def waitlist_set_status(*, entry: WaitlistEntry, status: str, actor: Any = None, reason: str = "") -> WaitlistEntry:
    """Move a waitlist entry (offered a course place, enrolled, removed). Writes an immutable row."""
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    status = WaitlistStatus(status)
    if entry.status == status:
        return entry
    if status not in WAITLIST_TRANSITIONS[entry.status]:
        raise ValidationError(f"A waitlist entry that is {entry.get_status_display().lower()} cannot become "
                              f"{status.label.lower()}")
    WaitlistStatusChange.objects.create(entry=entry, from_status=entry.status, to_status=status,
                                        actor=actor if getattr(actor, "is_authenticated", False) else None,
                                        reason=reason[:300], at=timezone.now())
    old = entry.status
    entry.status = status
    entry.save(update_fields=["status", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=entry, patient=entry.patient_id,
              actor_label=None if actor else "system", detail={"status": status, "from": old})
    return entry


@transaction.atomic
def waitlist_set_pathway(*, entry: WaitlistEntry, pathway: str, actor: Any, reason: str = "") -> WaitlistEntry:
    """Change what a waiting patient needs (group course, one-to-one clinic or both): audited and on
    the patient's timeline with who changed it and why."""
    from rose.patients.services import timeline_add

    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    pathway = WaitlistPathway(pathway)
    if entry.pathway == pathway:
        return entry
    old = WaitlistPathway(entry.pathway)
    entry.pathway = pathway
    entry.save(update_fields=["pathway", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=entry, patient=entry.patient_id,
              detail={"pathway": pathway.value, "from": old.value})
    summary = f"Waitlist: now needs {pathway.label.lower()} (was {old.label.lower()})"
    timeline_add(patient=entry.patient, kind="waitlist", actor=actor, source=entry,
                 summary=f"{summary}. {reason.strip()}" if reason.strip() else summary)
    return entry


# ---------------------------------------------------------------- notifications


def referral_recipients(referral: Referral) -> list[str]:
    from rose.accounts.models import User

    if referral.referrer_id and referral.referrer.is_active:
        return [referral.referrer.email]
    return list(User.objects.filter(organisation_id=referral.referrer_organisation_id, role=Role.REFERRER,
                                    is_active=True).values_list("email", flat=True)[:20])


# What each meaningful change means for the referrer, in plain words (no patient details: an email
# can be read by anyone with access to the mailbox, and reasons are free text, so they are never copied).
CHANGE_WORDS = {
    ReferralStatus.IN_REVIEW: ("being reviewed", "The ROSE team has started reviewing this referral."),
    ReferralStatus.MORE_INFO: ("question from the ROSE team",
                               "The ROSE team needs more information before deciding. Sign in to read the question "
                               "and answer it."),
    ReferralStatus.ACCEPTED: ("accepted", "The ROSE team has accepted this referral. The patient is on the "
                                          "programme's waiting list and the team will contact them."),
    ReferralStatus.DECLINED: ("declined", "The ROSE team has declined this referral. Sign in to read the reason."),
    ReferralStatus.WITHDRAWN: ("withdrawn", "This referral has been withdrawn. Sign in to read the reason."),
}


def _worth_telling_the_referrer(from_status: str, to_status: str, actor: Any, referral: Referral) -> bool:
    """One email per change the referrer needs to know about: not their own submission, answer
    or withdrawal, and not the move back to review that their own answer causes."""
    if from_status == ReferralStatus.DRAFT or to_status not in CHANGE_WORDS:
        return False
    if getattr(actor, "is_authenticated", False) and getattr(actor, "role", None) == Role.REFERRER:
        return False
    return not (to_status == ReferralStatus.IN_REVIEW and from_status == ReferralStatus.MORE_INFO)


def referral_notify(*, referral_id: Any, change_id: Any = None) -> int:
    """Email the referrer what changed: the reference, the new status in words and a link; no
    clinical details and no free text."""
    referral = Referral.objects.select_related("referrer").filter(pk=referral_id).first()
    if referral is None:
        return 0
    change = referral.status_changes.filter(pk=change_id).first() if change_id else None
    status = change.to_status if change else referral.status
    recipients = referral_recipients(referral)
    if not recipients or status not in CHANGE_WORDS:
        return 0
    short, sentence = CHANGE_WORDS[ReferralStatus(status)]
    link = settings.SITE_URL.rstrip("/") + reverse("referrals:status", kwargs={"referral_id": referral.pk})
    when = f" on {format_date(timezone.localtime(change.at).date())}" if change else ""
    body = (f"Referral {referral.reference} to the ROSE service: {short}{when}.\n\n{sentence}\n\n"
            f"Sign in to see the referral: {link}\n\n"
            "This email contains no patient details. Do not reply to it.")
    return send_mail(subject=f"ROSE referral {referral.reference}: {short}", message=body,
                     from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients, fail_silently=True)


# ---------------------------------------------------------------- API tokens


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, organisation: Any, name: str, actor: Any = None) -> tuple[ApiToken, str]:
    """Returns the token object and the secret, shown once and never stored."""
    secret = "rose_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organisation=organisation, name=name[:100], prefix=secret[:12],
                                    token_hash=token_hash(secret),
                                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=token, actor_label=None if actor else "system",
              detail={"organisation": str(organisation.pk)})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=token, actor_label=None if actor else "system",
                  detail={"revoked": True})
    return token


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
