"""Reads for the FHIR API: always limited to the organisation whose token is used."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rose.referrals.models import FhirIdentifier, Referral, ReferralStatus

if TYPE_CHECKING:
    from rose.accounts.models import Organisation

REFERENCE_SYSTEM = "https://rose.nhs.uk/Id/referral-reference"


def referrals_by_identifier(*, organisation: Organisation, system: str | None, value: str) -> list[Referral]:
    """This organisation's submitted referrals with the identifier (system None: any system), oldest first."""
    base = (Referral.objects.filter(referrer_organisation=organisation).exclude(status=ReferralStatus.DRAFT)
            .select_related("referrer_organisation").order_by("created_at"))
    if system == REFERENCE_SYSTEM:
        return list(base.filter(reference=value)[:50])
    matches = FhirIdentifier.objects.filter(organisation=organisation, value=value)
    if system is not None:
        matches = matches.filter(system=system)
    found = list(base.filter(pk__in=matches.values("referral_id"))[:50])
    if system is None:
        found += [r for r in base.filter(reference=value)[:1] if r not in found]
    return found


def identifiers_of(*, referrals: list[Referral]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    out: dict[uuid.UUID, list[tuple[str, str]]] = {r.pk: [] for r in referrals}
    for row in FhirIdentifier.objects.filter(referral__in=referrals).order_by("created_at"):
        out[row.referral_id].append((row.system, row.value))
    return out
