"""FHIR R4 for referrals: intake of ServiceRequests, reads and searches, the CapabilityStatement."""

from rose.referrals.fhir.errors import FhirError, operation_outcome
from rose.referrals.fhir.intake import MAX_BODY_BYTES, parse_body, referral_fields_from_fhir
from rose.referrals.fhir.patient import NHS_NUMBER_SYSTEM, ODS_SYSTEMS
from rose.referrals.fhir.resources import FHIR_STATUS, ROSE_STATUS_EXTENSION, service_request_json

__all__ = ["FHIR_STATUS", "MAX_BODY_BYTES", "NHS_NUMBER_SYSTEM", "ODS_SYSTEMS", "ROSE_STATUS_EXTENSION",
           "FhirError", "operation_outcome", "parse_body", "referral_fields_from_fhir", "service_request_json"]
