"""FHIR endpoints: POST /fhir/ServiceRequest and GET /fhir/ServiceRequest/{id}.

Authenticated by an organisation's bearer token (hashed at rest, revocable). Every error is an
OperationOutcome with a 4xx status; the body never echoes patient details."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from rose.referrals import selectors, services
from rose.referrals.fhir import (
    FhirError,
    operation_outcome,
    parse_body,
    referral_fields_from_fhir,
    service_request_json,
)

logger = logging.getLogger(__name__)
FHIR_JSON = "application/fhir+json"


def _respond(body: dict[str, Any], status: int, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)
    for name, value in headers.items():
        response[name] = value
    return response


def _error(exc: FhirError) -> HttpResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="rose-fhir"'} if exc.status == 401 else {}
    return _respond(operation_outcome(exc.issues), exc.status, **headers)


def _token(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise FhirError(401, [{"code": "login", "diagnostics": "Send an organisation API token: "
                                                                "Authorization: Bearer <token>"}])
    token = selectors.api_token_by_hash(token_hash=services.token_hash(secret.strip()))
    if token is None:
        raise FhirError(401, [{"code": "login", "diagnostics": "The API token is unknown or has been revoked"}])
    services.api_token_touch(token=token)
    return token


@csrf_exempt
def service_request_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _respond(operation_outcome([{"code": "not-supported", "diagnostics": "Use POST"}]), 405,
                        Allow="POST")
    try:
        token = _token(request)
        data = parse_body(request.body)
        fields = referral_fields_from_fhir(data, organisation=token.organisation)
        referral = services.referral_intake(organisation=token.organisation, fields=fields,
                                            source_label=f"FHIR token {token.prefix}")
    except FhirError as exc:
        return _error(exc)
    except Exception:  # never a 500 for a client's resource: log (no body, no personal data) and refuse
        logger.exception("FHIR ServiceRequest intake failed")
        return _respond(operation_outcome([{"code": "exception",
                                            "diagnostics": "The resource could not be processed"}]), 422)
    location = reverse("fhir:service_request", kwargs={"referral_id": referral.pk})
    return _respond(service_request_json(referral), 201, Location=request.build_absolute_uri(location))


@csrf_exempt
def service_request_read(request: HttpRequest, referral_id: str) -> HttpResponse:
    if request.method != "GET":
        return _respond(operation_outcome([{"code": "not-supported", "diagnostics": "Use GET"}]), 405, Allow="GET")
    try:
        token = _token(request)
        referral = selectors.referral_for_organisation(organisation=token.organisation, referral_id=referral_id)
        if referral is None:
            raise FhirError(404, [{"code": "not-found", "diagnostics": "No ServiceRequest with this id"}])
    except FhirError as exc:
        return _error(exc)
    return _respond(service_request_json(referral), 200)
