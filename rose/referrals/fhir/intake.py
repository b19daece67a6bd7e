"""FHIR R4 intake: read a ServiceRequest (patient contained or in a transaction Bundle) as referral fields.

Parsing is done by `fhir.resources` (R4B models, which are R4-compatible for these resources); the
mapping then reads the validated JSON. Only an active order for the ROSE service is accepted
(`semantics.py`); doses are read with their units (`units.py`). Every problem is collected and
returned as an OperationOutcome issue with a FHIRPath expression; nothing here raises anything
but `FhirError`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rose.referrals.fhir.errors import FhirError, problem
from rose.referrals.fhir.found import _text, find_resources
from rose.referrals.fhir.medications import medication_items
from rose.referrals.fhir.patient import _patient_fields, requester_ods
from rose.referrals.fhir.semantics import semantic_problems

if TYPE_CHECKING:
    from rose.accounts.models import Organisation

MAX_BODY_BYTES = 1_000_000


def parse_body(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise FhirError(413, [problem("The request body is larger than 1 MB", code="too-costly")])
    try:
        data = json.loads(body.decode("utf-8-sig"))  # a UTF-8 byte order mark is allowed
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FhirError(400, [problem(f"The body is not valid JSON: {str(exc)[:200]}", code="structure")]) from exc
    if not isinstance(data, dict):
        raise FhirError(400, [problem("The body must be a JSON object (a FHIR resource)", code="structure")])
    kind = data.get("resourceType")
    if kind not in ("ServiceRequest", "Bundle"):
        raise FhirError(422, [problem(f"resourceType must be ServiceRequest or a transaction Bundle, not "
                                      f"{str(kind)[:60]!r}", "resourceType", code="not-supported")])
    _validate_model(data)
    return data


def _fhirpath(root: str, loc: tuple[Any, ...]) -> str:
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif str(part) != "__root__":
            path += f".{part}"
    return path


def _validate_model(data: dict[str, Any]) -> None:
    """Structural validation with fhir.resources: each pydantic error becomes one issue."""
    from pydantic import ValidationError

    try:
        if data["resourceType"] == "Bundle":
            from fhir.resources.R4B.bundle import Bundle

            Bundle.model_validate(data)
        else:
            from fhir.resources.R4B.servicerequest import ServiceRequest

            ServiceRequest.model_validate(data)
    except ValidationError as exc:
        issues = [problem(f"{error.get('msg', 'invalid')}", _fhirpath(data["resourceType"], error.get("loc", ())),
                          code="structure") for error in exc.errors()[:50]]
        raise FhirError(422, issues or [problem("The resource is not valid FHIR R4")]) from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise FhirError(422, [problem(f"The resource is not valid FHIR R4: {str(exc)[:200]}")]) from exc


def request_identifiers(request: dict[str, Any]) -> list[tuple[str, str]]:
    """(system, value) of each ServiceRequest.identifier, for idempotent create."""
    out = []
    for ident in request.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("value"):
            out.append((_text(ident.get("system"), 200), _text(ident.get("value"), 200)))
    return list(dict.fromkeys(out))


def referral_fields_from_fhir(data: dict[str, Any], *, organisation: Organisation) -> dict[str, Any]:
    """Map a validated resource to referral fields, or raise FhirError(422) listing every problem."""
    from rose.medicines.services import ContractError, ome_calculate

    found = find_resources(data)
    refusals = semantic_problems(found.request, found.request_path)
    if refusals:
        raise FhirError(422, refusals)
    ods = requester_ods(found)
    if ods and ods != organisation.ods_code:
        raise FhirError(403, [problem("The requester's ODS code does not match the organisation of the API token",
                                      f"{found.request_path}.requester", code="forbidden")])
    problems: list[dict[str, Any]] = []
    subject = found.request.get("subject") or {}
    reference = str(subject.get("reference") or "")
    resolved = found.resolve(reference, found.request) if reference else None
    if not reference:
        problems.append(problem("ServiceRequest.subject is missing", f"{found.request_path}.subject", "required"))
    elif resolved is None or resolved[0].get("resourceType") != "Patient":
        problems.append(problem("ServiceRequest.subject must reference a Patient contained in the request or "
                                "in the Bundle", f"{found.request_path}.subject", code="not-found"))
    fields = _patient_fields(resolved[0], resolved[1], found, problems) if resolved and \
        resolved[0].get("resourceType") == "Patient" else {}
    had_statements = any(r.get("resourceType") == "MedicationStatement" for r, _ in found.others)
    items = medication_items(found, problems)
    if not items and not had_statements:
        problems.append(problem("At least one MedicationStatement for a current opioid is needed",
                                f"{found.request_path}.contained", code="required"))
    elif not items and not problems:
        problems.append(problem("No MedicationStatement is active or intended: a current opioid is needed",
                                f"{found.request_path}.contained", code="required"))
    regimen = {"items": items[:50]}
    if items and not problems:
        try:
            ome_calculate(regimen=regimen, programme=organisation.programme)
        except ContractError as exc:
            problems.extend(problem(f"{e['field']}: {e['message']}", f"{found.request_path}.contained",
                                    code="business-rule") for e in exc.errors)
    if problems:
        raise FhirError(422, problems)
    reasons = [r.get("text") for r in found.request.get("reasonCode") or [] if isinstance(r, dict) and r.get("text")]
    notes = [n.get("text") for n in found.request.get("note") or [] if isinstance(n, dict) and n.get("text")]
    identifiers = request_identifiers(found.request)
    fields.update(regimen=regimen, reason=_text("; ".join(map(str, reasons)) or "Referred through the FHIR API", 2000),
                  hopes=_text(" ".join(map(str, notes)), 2000),
                  external_id=_text(identifiers[0][1] if identifiers else "", 64), identifiers=identifiers)
    return fields
