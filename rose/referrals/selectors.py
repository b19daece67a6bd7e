"""Reads of referrals and the waitlist, always scoped: the ROSE team sees its programme,
a referrer sees only their own organisation's referrals. Anything else is a 404."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rose.accounts.roles import CLINICAL_TEAM, Role
from rose.referrals.models import (
    ACTIVE_STATUSES,
    ApiToken,
    Referral,
    ReferralNote,
    ReferralStatus,
    ReferralStatusChange,
    WaitlistEntry,
)

if TYPE_CHECKING:
    from rose.accounts.models import Organisation, User
    from rose.patients.models import Patient

# ---------------------------------------------------------------- waitlist (contract)


def waitlist_for_user(*, user: User) -> QuerySet[WaitlistEntry]:
    """The programme's waitlist, oldest first. Empty for anyone outside the clinical team."""
    if not getattr(user, "programme_id", None) or getattr(user, "role", None) not in CLINICAL_TEAM:
        return WaitlistEntry.objects.none()
    return (WaitlistEntry.objects.filter(programme=user.programme_id)
            .select_related("patient", "referral").order_by("added_at", "id"))


def waitlist_entry_get_for_user(*, user: User, entry_id: uuid.UUID | str) -> WaitlistEntry:
    try:
        return waitlist_for_user(user=user).get(pk=entry_id)
    except (WaitlistEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such waitlist entry") from exc


def latest_referral_for_patient(*, patient: Patient) -> Referral | None:
    return (Referral.objects.filter(patient=patient, programme_id=patient.programme_id)
            .exclude(status=ReferralStatus.DRAFT).order_by("-submitted_at", "-created_at").first())


# ---------------------------------------------------------------- referrals


def referrals_for_user(*, user: User) -> QuerySet[Referral]:
    """Team: every referral of the programme. Referrer: their organisation's only."""
    if not getattr(user, "programme_id", None) or not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    qs = Referral.objects.filter(programme=user.programme_id)
    if user.role in CLINICAL_TEAM:
        return qs
    if user.role == Role.REFERRER and user.organisation_id:
        return qs.filter(referrer_organisation_id=user.organisation_id)
    return Referral.objects.none()


def referral_get_for_user(*, user: User, referral_id: uuid.UUID | str) -> Referral:
    try:
        return (referrals_for_user(user=user)
                .select_related("referrer_organisation", "gp_practice", "referrer", "patient", "programme")
                .get(pk=referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such referral") from exc


def referral_draft_get_for_user(*, user: User, referral_id: uuid.UUID | str) -> Referral:
    """A draft is editable only by the referrer's organisation, and only while it is a draft."""
    referral = referral_get_for_user(user=user, referral_id=referral_id)
    if referral.status != ReferralStatus.DRAFT or getattr(user, "role", None) != Role.REFERRER:
        raise Http404("No such draft")
    return referral


def referrals_for_organisation(*, user: User) -> QuerySet[Referral]:
    return (referrals_for_user(user=user).filter(referrer_organisation_id=user.organisation_id)
            .order_by("-created_at", "-id"))


# The columns the queue and the triage search show (and audit): a row never loads the referral's
# clinical text and JSON (regimen, eligibility answers, reasons), nor the referrer's organisation.
QUEUE_COLUMNS = ("id", "programme_id", "patient_id", "reference", "status", "given_name", "family_name",
                 "gp_practice__name", "submitted_at", "total_ome_mg", "flag_risk", "flag_ineligible",
                 "flag_duplicate")

QUEUE_SORTS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
}


def triage_queue(*, user: User, status: str = "", practice_id: uuid.UUID | None = None,
                 waiting_days: int | None = None, band: int | None = None, flag: str = "",
                 sort: str = "oldest") -> QuerySet[Referral]:
    """Submitted referrals for the team, filtered on stored columns only (no OME recomputed)."""
    if getattr(user, "role", None) not in CLINICAL_TEAM:
        return Referral.objects.none()
    qs = referrals_for_user(user=user).exclude(status=ReferralStatus.DRAFT)
    if status == "open":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if practice_id:
        qs = qs.filter(gp_practice=practice_id)
    if waiting_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=waiting_days))
    if band is not None:
        qs = qs.filter(ome_band=band)
    if flag == "risk":
        qs = qs.filter(flag_risk=True)
    elif flag == "ineligible":
        qs = qs.filter(flag_ineligible=True)
    elif flag == "duplicate":
        qs = qs.filter(flag_duplicate=True)
    elif flag == "any":
        qs = qs.filter(Q(flag_risk=True) | Q(flag_ineligible=True) | Q(flag_duplicate=True))
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["oldest"])
    return qs.select_related("gp_practice").only(*QUEUE_COLUMNS).order_by(*order)


def triage_search(*, user: User, query: str, limit: int = 50) -> list[Referral]:
    """Submitted referrals (any status) whose NHS number is the one typed (any spacing) or whose
    names start with the words typed ("ada", "lovelace", "ada lovelace"). Oldest first."""
    if getattr(user, "role", None) not in CLINICAL_TEAM:
        return []
    qs = referrals_for_user(user=user).exclude(status=ReferralStatus.DRAFT)
    text = (query or "").strip()
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit():
        if len(digits) != 10:
            return []
        qs = qs.filter(nhs_number=digits)
    else:
        words = [word for word in re.split(r"[\s,]+", text) if word][:3]
        if not words:
            return []
        for word in words:
            qs = qs.filter(Q(given_name__istartswith=word) | Q(family_name__istartswith=word))
    return list(qs.select_related("gp_practice").only(*QUEUE_COLUMNS).order_by("submitted_at", "id")[:limit])


def active_referrals_for_nhs_number(*, programme_id: uuid.UUID, nhs_number: str,
                                    exclude_id: uuid.UUID | None = None) -> QuerySet[Referral]:
    qs = Referral.objects.filter(programme_id=programme_id, nhs_number=nhs_number, status__in=ACTIVE_STATUSES)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs


def referral_status_history(*, referral: Referral) -> QuerySet[ReferralStatusChange]:
    return referral.status_changes.select_related("actor").order_by("at", "created_at")


def referral_notes(*, referral: Referral) -> QuerySet[ReferralNote]:
    return referral.notes.select_related("author").order_by("created_at")


def referral_stats(*, user: User, since: dt.datetime | None = None) -> dict[str, Any]:
    """Aggregates for the reports page: a handful of grouped queries, whatever the volume."""
    from django.db.models import Avg, F
    from django.db.models.functions import TruncMonth

    qs = referrals_for_user(user=user).exclude(status=ReferralStatus.DRAFT)
    if since:
        qs = qs.filter(submitted_at__gte=since)
    by_month_source = list(qs.annotate(month=TruncMonth("submitted_at")).values("month", "source")
                           .annotate(n=Count("id")).order_by("month", "source"))
    by_month_practice = list(qs.annotate(month=TruncMonth("submitted_at"))
                             .values("month", "gp_practice__name", "gp_practice__ods_code")
                             .annotate(n=Count("id")).order_by("month", "gp_practice__name"))
    status_counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    decided = qs.filter(decided_at__isnull=False, status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED])
    avg = decided.aggregate(avg=Avg(F("decided_at") - F("submitted_at")))["avg"]
    return {"by_month_source": by_month_source, "by_month_practice": by_month_practice,
            "status_counts": status_counts, "avg_decision": avg}


def api_token_by_hash(*, token_hash: str) -> ApiToken | None:
    return (ApiToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True)
            .select_related("organisation", "organisation__programme").first())


def api_tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    return (ApiToken.objects.filter(organisation__programme=user.programme_id)
            .select_related("organisation").order_by("-created_at"))


def api_token_get_for_user(*, user: User, token_id: uuid.UUID | str) -> ApiToken:
    try:
        return api_tokens_for_user(user=user).get(pk=token_id)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def organisations_for_user(*, user: User) -> QuerySet[Organisation]:
    from rose.accounts.models import Organisation

    return Organisation.objects.filter(programme=user.programme_id).order_by("name")


def referral_for_organisation(*, organisation: Organisation, referral_id: uuid.UUID | str) -> Referral | None:
    """For the FHIR API: a referral made by this organisation, or None (never another's)."""
    try:
        uuid.UUID(str(referral_id))
    except (ValueError, TypeError):
        return None
    return (Referral.objects.filter(pk=referral_id, referrer_organisation=organisation)
            .exclude(status=ReferralStatus.DRAFT).select_related("referrer_organisation").first())
