"""FHIR R4 intake: turn a ServiceRequest (patient contained or in a transaction Bundle) into a referral.

Parsing is done by `fhir.resources` (R4B models, which are R4-compatible for these resources); the
mapping then reads the validated JSON. Every problem is collected and returned as an
OperationOutcome issue; nothing here raises anything but `FhirError`."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEMS = ("https://fhir.nhs.uk/Id/ods-organization-code", "https://fhir.nhs.uk/Id/ods-organisation-code")
ROSE_STATUS_EXTENSION = "https://rose.nhs.uk/fhir/StructureDefinition/referral-status"
MAX_BODY_BYTES = 1_000_000

# ROSE status -> FHIR ServiceRequest.status
FHIR_STATUS = {"draft": "draft", "submitted": "active", "in_review": "active", "more_info": "on-hold",
               "accepted": "completed", "declined": "revoked", "withdrawn": "revoked"}


class FhirError(Exception):
    """`status` (400, 401, 403, 404, 413, 422) and `issues` [{"code", "diagnostics", "expression"?}]."""

    def __init__(self, status: int, issues: list[dict[str, Any]]) -> None:
        super().__init__(issues[0]["diagnostics"] if issues else "error")
        self.status = status
        self.issues = issues


def operation_outcome(issues: list[dict[str, Any]], severity: str = "error") -> dict[str, Any]:
    out = []
    for issue in issues:
        entry: dict[str, Any] = {"severity": severity, "code": issue.get("code", "invalid"),
                                 "diagnostics": str(issue.get("diagnostics", ""))[:500]}
        if issue.get("expression"):
            entry["expression"] = [str(issue["expression"])[:200]]
        out.append(entry)
    return {"resourceType": "OperationOutcome", "issue": out}


def _problem(diagnostics: str, expression: str = "", code: str = "invalid") -> dict[str, Any]:
    return {"code": code, "diagnostics": diagnostics, "expression": expression}


def parse_body(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise FhirError(413, [_problem("The request body is larger than 1 MB", code="too-costly")])
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FhirError(400, [_problem(f"The body is not valid JSON: {str(exc)[:200]}", code="structure")]) from exc
    if not isinstance(data, dict):
        raise FhirError(400, [_problem("The body must be a JSON object (a FHIR resource)", code="structure")])
    kind = data.get("resourceType")
    if kind not in ("ServiceRequest", "Bundle"):
        raise FhirError(422, [_problem(f"resourceType must be ServiceRequest or a transaction Bundle, not "
                                       f"{str(kind)[:60]!r}", "resourceType", code="not-supported")])
    _validate_model(data)
    return data


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
        issues = [_problem(f"{error.get('msg', 'invalid')}",
                           ".".join(str(part) for part in error.get("loc", ()))) for error in exc.errors()[:50]]
        raise FhirError(422, issues or [_problem("The resource is not valid FHIR R4")]) from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise FhirError(422, [_problem(f"The resource is not valid FHIR R4: {str(exc)[:200]}")]) from exc


def _resources(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """(service_request, resources by reference, all other resources)."""
    if data["resourceType"] == "ServiceRequest":
        request = data
        others = [r for r in data.get("contained") or [] if isinstance(r, dict)]
        index = {f"#{r.get('id')}": r for r in others if r.get("id")}
    else:
        if data.get("type") not in ("transaction", "collection", "message", "document"):
            raise FhirError(422, [_problem("A Bundle must be of type transaction", "Bundle.type")])
        entries = [e for e in data.get("entry") or [] if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
        requests = [e["resource"] for e in entries if e["resource"].get("resourceType") == "ServiceRequest"]
        if len(requests) != 1:
            raise FhirError(422, [_problem("The Bundle must contain exactly one ServiceRequest", "Bundle.entry")])
        request = requests[0]
        others = [e["resource"] for e in entries if e["resource"] is not request]
        others += [r for r in request.get("contained") or [] if isinstance(r, dict)]
        index = {}
        for entry in entries:
            resource = entry["resource"]
            if entry.get("fullUrl"):
                index[entry["fullUrl"]] = resource
            if resource.get("id"):
                index[f"{resource.get('resourceType')}/{resource['id']}"] = resource
        for resource in request.get("contained") or []:
            if isinstance(resource, dict) and resource.get("id"):
                index[f"#{resource['id']}"] = resource
    return request, index, others


def _text(value: Any, limit: int) -> str:
    text = str(value or "")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return text.strip()[:limit]


def _patient_fields(patient: dict[str, Any], problems: list[dict[str, Any]]) -> dict[str, Any]:
    import datetime as dt

    from rose.patients.identifiers import normalise_mobile, normalise_nhs_number

    fields: dict[str, Any] = {}
    identifiers = [i for i in patient.get("identifier") or [] if isinstance(i, dict)]
    nhs = [i for i in identifiers if i.get("system") == NHS_NUMBER_SYSTEM]
    if not nhs:
        systems = ", ".join(sorted({str(i.get("system")) for i in identifiers})) or "none"
        problems.append(_problem(f"The patient must be identified by NHS number with system {NHS_NUMBER_SYSTEM} "
                                 f"(systems given: {systems[:200]})", "Patient.identifier", code="required"))
    else:
        try:
            fields["nhs_number"] = normalise_nhs_number(str(nhs[0].get("value") or ""))
        except DjangoValidationError as exc:
            problems.append(_problem(exc.messages[0], "Patient.identifier.value"))
    names = [n for n in patient.get("name") or [] if isinstance(n, dict)]
    if names:
        fields["given_name"] = _text(" ".join(str(g) for g in names[0].get("given") or []), 100)
        fields["family_name"] = _text(names[0].get("family"), 100)
    if not fields.get("family_name"):
        problems.append(_problem("The patient's family name is missing", "Patient.name.family", code="required"))
    birth = patient.get("birthDate")
    if birth:
        try:
            value = dt.date.fromisoformat(str(birth))
        except ValueError:
            problems.append(_problem("birthDate must be a full date, YYYY-MM-DD", "Patient.birthDate"))
        else:
            if value > dt.date.today() or value.year < 1900:
                problems.append(_problem("birthDate must be in the past and after 1900", "Patient.birthDate"))
            else:
                fields["date_of_birth"] = value
    else:
        problems.append(_problem("The patient's birthDate is missing", "Patient.birthDate", code="required"))
    for telecom in patient.get("telecom") or []:
        if isinstance(telecom, dict) and telecom.get("system") in ("phone", "sms") and telecom.get("value"):
            try:
                fields["mobile"] = normalise_mobile(str(telecom["value"])[:30])
                break
            except DjangoValidationError:
                continue
    return fields


def _frequency(dosage: dict[str, Any]) -> float | None:
    repeat = ((dosage.get("timing") or {}).get("repeat") or {})
    frequency, period, unit = repeat.get("frequency"), repeat.get("period", 1), repeat.get("periodUnit", "d")
    per_day = {"h": 24, "d": 1, "wk": 1 / 7}.get(unit)
    if not isinstance(frequency, int | float) or not isinstance(period, int | float) or not per_day or period <= 0:
        return None
    value = frequency / period * per_day
    return int(value) if float(value).is_integer() else round(value, 2)


def _medication_items(statements: list[dict[str, Any]], problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from rose.referrals.formulary import is_patch, opioid_products

    names = {name.lower(): name for name, _ in opioid_products()}
    items = []
    for n, statement in enumerate(statements):
        where = f"MedicationStatement[{n}]"
        if statement.get("status") not in (None, "active", "intended"):
            continue
        concept = statement.get("medicationCodeableConcept") or {}
        candidates = [concept.get("text")] + [c.get("display") for c in concept.get("coding") or []
                                              if isinstance(c, dict)]
        product = next((names[str(c).lower()] for c in candidates if c and str(c).lower() in names), None)
        if product is None:
            problems.append(_problem(f"{where}: {_text(candidates[0] or 'the medicine', 120)!r} is not in the ROSE "
                                     "formulary; use the dm+d product name", f"{where}.medicationCodeableConcept"))
            continue
        dosage = next((d for d in statement.get("dosage") or [] if isinstance(d, dict)), {})
        quantity = next(((r.get("doseQuantity") or {}).get("value") for r in dosage.get("doseAndRate") or []
                         if isinstance(r, dict)), None)
        if not isinstance(quantity, int | float) or isinstance(quantity, bool) or quantity <= 0:
            problems.append(_problem(f"{where}: the dose (doseQuantity.value) must be a number above zero",
                                     f"{where}.dosage.doseAndRate.doseQuantity"))
            continue
        item: dict[str, Any] = {"product": product, "units_per_dose": quantity}
        if not is_patch(product):
            per_day = _frequency(dosage)
            if per_day is None:
                problems.append(_problem(f"{where}: timing.repeat frequency and period are needed",
                                         f"{where}.dosage.timing"))
                continue
            item["times_per_day"] = per_day
        if dosage.get("asNeededBoolean") is True:
            item["as_needed"] = True
        items.append(item)
    return items


def _requester_ods(request: dict[str, Any], index: dict[str, dict[str, Any]]) -> str | None:
    requester = request.get("requester") or {}
    identifier = requester.get("identifier") or {}
    if identifier.get("system") in ODS_SYSTEMS and identifier.get("value"):
        return str(identifier["value"]).upper()
    target = index.get(str(requester.get("reference") or ""))
    if target:
        for ident in target.get("identifier") or []:
            if isinstance(ident, dict) and ident.get("system") in ODS_SYSTEMS and ident.get("value"):
                return str(ident["value"]).upper()
    return None


def referral_fields_from_fhir(data: dict[str, Any], *, organisation: Any) -> dict[str, Any]:
    """Map a validated resource to referral fields, or raise FhirError(422) listing every problem."""
    from rose.medicines.services import ContractError, ome_calculate

    request, index, others = _resources(data)
    problems: list[dict[str, Any]] = []
    subject = request.get("subject") or {}
    reference = str(subject.get("reference") or "")
    patient = index.get(reference)
    if patient is None and not reference:
        problems.append(_problem("ServiceRequest.subject is missing", "ServiceRequest.subject", code="required"))
    elif patient is None or patient.get("resourceType") != "Patient":
        problems.append(_problem("ServiceRequest.subject must reference a Patient contained in the request or "
                                 "in the Bundle", "ServiceRequest.subject", code="not-found"))
    fields = _patient_fields(patient, problems) if patient and patient.get("resourceType") == "Patient" else {}
    ods = _requester_ods(request, index)
    if ods and ods != organisation.ods_code:
        raise FhirError(403, [_problem("The requester's ODS code does not match the organisation of the API token",
                                       "ServiceRequest.requester", code="forbidden")])
    statements = [r for r in others if r.get("resourceType") == "MedicationStatement"]
    items = _medication_items(statements, problems)
    if not items and not any("MedicationStatement" in p["expression"] for p in problems):
        problems.append(_problem("At least one MedicationStatement for a current opioid is needed",
                                 "MedicationStatement", code="required"))
    regimen = {"items": items[:50]}
    if items:
        try:
            ome_calculate(regimen=regimen, programme=organisation.programme)
        except ContractError as exc:
            problems.extend(_problem(f"{e['field']}: {e['message']}", "MedicationStatement") for e in exc.errors)
    if problems:
        raise FhirError(422, problems)
    reasons = [r.get("text") for r in request.get("reasonCode") or [] if isinstance(r, dict) and r.get("text")]
    notes = [n.get("text") for n in request.get("note") or [] if isinstance(n, dict) and n.get("text")]
    identifiers = [i.get("value") for i in request.get("identifier") or [] if isinstance(i, dict)]
    fields.update(regimen=regimen, reason=_text("; ".join(map(str, reasons)) or "Referred through the FHIR API", 2000),
                  hopes=_text(" ".join(map(str, notes)), 2000), external_id=_text(identifiers[0] if identifiers
                                                                                  else "", 64))
    return fields


def service_request_json(referral: Any) -> dict[str, Any]:
    """The referral as a FHIR ServiceRequest: status, reference and our status code. No clinical details."""
    from fhir.resources.R4B.servicerequest import ServiceRequest

    resource = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "identifier": [{"system": "https://rose.nhs.uk/Id/referral-reference", "value": referral.reference or ""}],
        "status": FHIR_STATUS.get(referral.status, "unknown"),
        "intent": "order",
        "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": referral.nhs_number}},
        "requester": {"identifier": {"system": ODS_SYSTEMS[0], "value": referral.referrer_organisation.ods_code}},
        "extension": [{"url": ROSE_STATUS_EXTENSION, "valueCode": referral.status}],
        "authoredOn": referral.submitted_at.isoformat() if referral.submitted_at else None,
    }
    if resource["authoredOn"] is None:
        resource.pop("authoredOn")
    ServiceRequest.model_validate(resource)
    return resource
