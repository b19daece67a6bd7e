"""FHIR R4 for referrals: intake of ServiceRequests, reads and searches, the CapabilityStatement."""

from rose.referrals.fhir.errors import FhirError, operation_outcome
from rose.referrals.fhir.intake import MAX_BODY_BYTES, parse_body, referral_fields_from_fhir
from rose.referrals.fhir.patient import NHS_NUMBER_SYSTEM
from rose.referrals.fhir.resources import service_request_json

__all__ = ["MAX_BODY_BYTES", "NHS_NUMBER_SYSTEM",
           "FhirError", "operation_outcome", "parse_body", "referral_fields_from_fhir", "service_request_json"]
