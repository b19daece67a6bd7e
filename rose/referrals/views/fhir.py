"""FHIR endpoints under /fhir/: metadata, ServiceRequest create (also conditional), read and search.

Authenticated by an organisation's bearer token (hashed at rest, revocable); the CapabilityStatement
is public. Every answer is JSON: every error, including unknown paths and wrong methods, is an
OperationOutcome with a 4xx status, and never echoes patient details."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from rose.referrals import selectors, services
from rose.referrals.fhir import FhirError, operation_outcome, parse_body, referral_fields_from_fhir
from rose.referrals.fhir import selectors as fhir_selectors
from rose.referrals.fhir import services as fhir_services
from rose.referrals.fhir.errors import problem
from rose.referrals.fhir.found import find_resources
from rose.referrals.fhir.intake import MAX_BODY_BYTES, request_identifiers
from rose.referrals.fhir.resources import FHIR_JSON, capability_statement, searchset, service_request_json
from rose.referrals.models import ApiToken, Referral

logger = logging.getLogger(__name__)
JSON_TYPES = ("application/fhir+json", "application/json", "application/json+fhir")
ACCEPTABLE = (*JSON_TYPES, "application/*", "*/*")
FORMATS = ("json", *JSON_TYPES)


def _respond(body: dict[str, Any], status: int, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=f"{FHIR_JSON}; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _error(exc: FhirError) -> HttpResponse:
    headers = dict(exc.headers)
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="rose-fhir"'
    return _respond(operation_outcome(exc.issues), exc.status, **headers)


def _negotiate(request: HttpRequest) -> None:
    """406 when the client asks for a format other than JSON (_format or Accept): ROSE speaks JSON only."""
    wanted = request.GET.get("_format")
    if wanted is not None and wanted.split(";")[0].strip().lower() not in FORMATS:
        raise FhirError(406, [problem(f"_format {wanted[:40]!r} is not supported: ROSE answers in JSON only "
                                      "(application/fhir+json)", "_format", "not-supported")])
    accept = request.headers.get("Accept", "").strip()
    if wanted is None and accept:
        types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
        if not any(t in ACCEPTABLE for t in types):
            raise FhirError(406, [problem(f"Accept {accept[:60]!r} cannot be met: ROSE answers in JSON only "
                                          "(application/fhir+json)", code="not-supported")])


def fhir_endpoint(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Method check, content negotiation, and every error as an OperationOutcome (never a 500 or HTML)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise FhirError(405, [problem(f"{request.method} is not allowed here; use "
                                                  f"{' or '.join(methods)}", code="not-supported")],
                                    headers={"Allow": ", ".join(methods)})
                _negotiate(request)
                return view(request, *args, **kwargs)
            except FhirError as exc:
                return _error(exc)
            except Exception:  # a client's resource never causes a 500: log (no body, no personal data)
                logger.exception("FHIR request failed")
                return _respond(operation_outcome([problem("The request could not be processed",
                                                           code="exception")]), 500)

        return wrapped

    return decorate


def _token(request: HttpRequest) -> ApiToken:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise FhirError(401, [problem("Send an organisation API token: Authorization: Bearer <token>",
                                      code="login")])
    token = selectors.api_token_by_hash(token_hash=services.token_hash(secret.strip()))
    if token is None:
        raise FhirError(401, [problem("The API token is unknown or has been revoked", code="login")])
    services.api_token_touch(token=token)
    return token


def _body(request: HttpRequest) -> bytes:
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise FhirError(413, [problem("The request body is larger than 1 MB", code="too-costly")])
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if not declared.strip("0") and not content_type:
        raise FhirError(400, [problem("The body is empty: send a ServiceRequest or a transaction Bundle",
                                      code="structure")])
    if content_type not in JSON_TYPES:
        raise FhirError(415, [problem(f"Content-Type {content_type[:60] or 'missing'!r} is not supported: send "
                                      "application/fhir+json", code="not-supported")])
    try:
        return request.body
    except RawPostDataException as exc:  # pragma: no cover - the body is only read here
        raise FhirError(400, [problem("The body could not be read", code="structure")]) from exc
    except Exception as exc:  # RequestDataTooBig and friends
        raise FhirError(413, [problem("The request body is larger than 1 MB", code="too-costly")]) from exc


def _token_param(raw: str) -> tuple[str | None, str]:
    """A FHIR token search value: system|value, |value (no system) or value (any system)."""
    if "|" in raw:
        system, _, value = raw.partition("|")
        return system, value
    return None, raw


def _if_none_exist(request: HttpRequest) -> tuple[str | None, str] | None:
    header = request.headers.get("If-None-Exist", "").strip()
    if not header:
        return None
    params = parse_qsl(header.lstrip("?"), keep_blank_values=True)
    if [name for name, _ in params] != ["identifier"] or not params[0][1].strip():
        raise FhirError(400, [problem("If-None-Exist supports one search parameter, identifier=system|value",
                                      "If-None-Exist", "not-supported")])
    return _token_param(params[0][1].strip())


def _location(request: HttpRequest, referral: Referral) -> str:
    return request.build_absolute_uri(reverse("fhir:service_request", kwargs={"referral_id": referral.pk}))


def _existing(request: HttpRequest, token: ApiToken, matches: list[Referral]) -> HttpResponse:
    """Conditional create found the referral already made: 200 with it, as it stands now (412 if several)."""
    if len(matches) > 1:
        raise FhirError(412, [problem("More than one referral has this identifier: give its system too",
                                      "If-None-Exist", "multiple-matches")])
    referral = matches[0]
    fhir_services.fhir_read_audit(referrals=[referral], token=token, request=request)
    identifiers = fhir_selectors.identifiers_of(referrals=[referral])[referral.pk]
    return _respond(service_request_json(referral, identifiers), 200, Location=_location(request, referral))


def _already_sent(token: ApiToken, identifiers: list[tuple[str, str]]) -> list[Referral]:
    for system, value in identifiers:
        found = fhir_selectors.referrals_by_identifier(organisation=token.organisation, system=system, value=value)
        if found:
            return found[:1]
    return []


def _create(request: HttpRequest) -> HttpResponse:
    token = _token(request)
    data = parse_body(_body(request))
    conditional = _if_none_exist(request)
    if conditional:
        matches = fhir_selectors.referrals_by_identifier(organisation=token.organisation, system=conditional[0],
                                                         value=conditional[1])
        if matches:
            return _existing(request, token, matches)
    identifiers = request_identifiers(find_resources(data).request)
    if conditional and (conditional[0] or "", conditional[1]) not in identifiers:
        identifiers.append((conditional[0] or "", conditional[1]))
    if _already_sent(token, identifiers):  # the same request sent again: no second referral
        return _existing(request, token, _already_sent(token, identifiers))
    fields = referral_fields_from_fhir(data, organisation=token.organisation)
    try:
        referral = fhir_services.fhir_referral_create(organisation=token.organisation, fields=fields,
                                                      identifiers=identifiers,
                                                      source_label=f"FHIR token {token.prefix}")
    except IntegrityError:  # the same identifier committed by a concurrent request a moment ago
        matches = _already_sent(token, identifiers)
        if not matches:
            raise
        return _existing(request, token, matches)
    return _respond(service_request_json(referral, identifiers), 201, Location=_location(request, referral))


def _search(request: HttpRequest) -> HttpResponse:
    token = _token(request)
    params = [(name, value) for name, value in parse_qsl(request.META.get("QUERY_STRING", ""),
                                                         keep_blank_values=True) if name != "_format"]
    if not params or any(name != "identifier" for name, _ in params) or len(params) > 1:
        raise FhirError(400, [problem("Search ServiceRequest by one identifier=system|value (the ROSE reference "
                                      "or your own identifier)", "identifier", "not-supported")])
    system, value = _token_param(params[0][1].strip())
    referrals = fhir_selectors.referrals_by_identifier(organisation=token.organisation, system=system, value=value)
    fhir_services.fhir_read_audit(referrals=referrals, token=token, request=request, search=True)
    identifiers = fhir_selectors.identifiers_of(referrals=referrals)
    entries = [service_request_json(r, identifiers[r.pk]) for r in referrals]
    return _respond(searchset(entries, lambda pk: request.build_absolute_uri(
        reverse("fhir:service_request", kwargs={"referral_id": pk}))), 200)


@fhir_endpoint("GET", "POST")
def service_request_type(request: HttpRequest) -> HttpResponse:
    return _create(request) if request.method == "POST" else _search(request)


@fhir_endpoint("POST")
def transaction_base(request: HttpRequest) -> HttpResponse:
    return _create(request)


@fhir_endpoint("GET")
def service_request_read(request: HttpRequest, referral_id: str) -> HttpResponse:
    token = _token(request)
    referral = selectors.referral_for_organisation(organisation=token.organisation, referral_id=referral_id)
    if referral is None:
        raise FhirError(404, [problem("No ServiceRequest with this id", code="not-found")])
    fhir_services.fhir_read_audit(referrals=[referral], token=token, request=request)
    identifiers = fhir_selectors.identifiers_of(referrals=[referral])[referral.pk]
    return _respond(service_request_json(referral, identifiers), 200)


@fhir_endpoint("GET")
def metadata(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("fhir:base"))
    return _respond(capability_statement(base_url=base, date=timezone.now().date().isoformat()), 200)


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    resource = path.strip("/").split("/")[0][:40]
    return _error(FhirError(404, [problem(f"ROSE has no FHIR endpoint {resource!r}: it supports ServiceRequest "
                                          "(see /fhir/metadata)", code="not-supported")]))
