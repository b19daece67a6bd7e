"""Writes for FHIR intake: an idempotent create, and the audit row of each read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.referrals.models import FhirIdentifier, Referral
from rose.referrals.services import referral_intake

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import Organisation
    from rose.referrals.models import ApiToken


@transaction.atomic
def fhir_referral_create(*, organisation: Organisation, fields: dict[str, Any], identifiers: list[tuple[str, str]],
                         source_label: str) -> Referral:
    """Create and submit the referral and claim its identifiers in one transaction.

    A second request with an identifier already claimed by this organisation raises IntegrityError
    from the unique constraint (on PostgreSQL it waits for the first to commit), and everything is
    rolled back: the caller then answers with the referral that exists."""
    gp_ods = str(fields.pop("gp_ods_code", "") or "")
    fields.pop("identifiers", None)
    referral = referral_intake(organisation=organisation, fields=fields, source_label=source_label)
    FhirIdentifier.objects.bulk_create([FhirIdentifier(organisation=organisation, referral=referral, system=system,
                                                       value=value) for system, value in identifiers])
    if gp_ods:
        _set_gp(referral, organisation, gp_ods)
    return referral


def _set_gp(referral: Referral, organisation: Organisation, gp_ods: str) -> None:
    from rose.accounts.models import Organisation

    referral.gp_ods_code = gp_ods
    referral.gp_practice = Organisation.objects.filter(programme_id=organisation.programme_id, ods_code=gp_ods,
                                                       kind="gp_practice").first()
    referral.save(update_fields=["gp_ods_code", "gp_practice", "updated_at"])


def fhir_read_audit(*, referrals: list[Referral], token: ApiToken, request: HttpRequest | None = None,
                    search: bool = False) -> None:
    """One audit row per referral a FHIR client read (a search writes one for each referral it returned)."""
    label = f"FHIR token {token.prefix}"
    if search:
        audit_log(action=AuditAction.SEARCH, actor_label=label, request=request,
                  detail={"resource": "ServiceRequest", "matches": len(referrals)})
    for referral in referrals:
        audit_log(action=AuditAction.VIEW, actor_label=label, obj=referral, patient=referral.patient_id,
                  request=request, detail={"via": "fhir", "organisation": str(token.organisation_id)})
