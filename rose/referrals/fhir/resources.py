"""Resources ROSE answers with: a referral as a ServiceRequest, a searchset Bundle, the CapabilityStatement.

Each is checked with fhir.resources before it leaves (a model error here is a bug, not the client's)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rose.referrals.fhir.patient import NHS_NUMBER_SYSTEM, ODS_SYSTEMS
from rose.referrals.fhir.semantics import ROSE_SERVICE_SYSTEM, SNOMED

if TYPE_CHECKING:
    from rose.referrals.models import Referral

ROSE_STATUS_EXTENSION = "https://rose.nhs.uk/fhir/StructureDefinition/referral-status"
REFERENCE_SYSTEM = "https://rose.nhs.uk/Id/referral-reference"
FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

# ROSE status -> FHIR ServiceRequest.status
FHIR_STATUS = {"draft": "draft", "submitted": "active", "in_review": "active", "more_info": "on-hold",
               "accepted": "completed", "declined": "revoked", "withdrawn": "revoked"}


def service_request_json(referral: Referral, identifiers: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """The referral as a FHIR ServiceRequest: status, references and our status code. No clinical details."""
    from fhir.resources.R4B.servicerequest import ServiceRequest

    sent = [{"system": system, "value": value} if system else {"value": value} for system, value in identifiers]
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "meta": {"lastUpdated": referral.updated_at.isoformat()},
        "identifier": [{"system": REFERENCE_SYSTEM, "value": referral.reference or ""}, *sent],
        "status": FHIR_STATUS.get(referral.status, "unknown"),
        "intent": "order",
        "code": {"coding": [{"system": SNOMED, "code": "306109009",
                             "display": "Referral to pain management service"},
                            {"system": ROSE_SERVICE_SYSTEM, "code": "opioid-reduction"}]},
        "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": referral.nhs_number}},
        "requester": {"identifier": {"system": ODS_SYSTEMS[0], "value": referral.referrer_organisation.ods_code}},
        "extension": [{"url": ROSE_STATUS_EXTENSION, "valueCode": referral.status}],
    }
    if referral.submitted_at:
        resource["authoredOn"] = referral.submitted_at.isoformat()
    ServiceRequest.model_validate(resource)
    return resource


def searchset(entries: list[dict[str, Any]], full_url: Any) -> dict[str, Any]:
    from fhir.resources.R4B.bundle import Bundle

    bundle = {"resourceType": "Bundle", "type": "searchset", "total": len(entries),
              "entry": [{"fullUrl": full_url(e["id"]), "resource": e, "search": {"mode": "match"}} for e in entries]}
    if not entries:
        bundle.pop("entry")
    Bundle.model_validate(bundle)
    return bundle


def capability_statement(*, base_url: str, date: str) -> dict[str, Any]:
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement

    resource = {
        "resourceType": "CapabilityStatement",
        "status": "active", "date": date, "kind": "instance", "fhirVersion": FHIR_VERSION,
        "publisher": "ROSE opioid reduction service",
        "software": {"name": "ROSE"},
        "implementation": {"description": "ROSE referral intake", "url": base_url},
        "format": [FHIR_JSON, "json"],
        "rest": [{
            "mode": "server",
            "documentation": "Referrals to the ROSE opioid reduction service. See docs/referrals.md.",
            "security": {"description": "Authorization: Bearer <organisation API token>"},
            "resource": [{
                "type": "ServiceRequest",
                "interaction": [{"code": "create"}, {"code": "read"}, {"code": "search-type"}],
                "conditionalCreate": True,
                "searchParam": [{"name": "identifier", "type": "token",
                                 "documentation": "The sender's identifier or the ROSE reference"}],
            }],
            "interaction": [{"code": "transaction",
                             "documentation": "POST a transaction Bundle with one ServiceRequest to "
                                              "[base]/ServiceRequest or [base]"}],
        }],
    }
    CapabilityStatement.model_validate(resource)
    return resource
