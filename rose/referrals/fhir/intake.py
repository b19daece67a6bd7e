"""FHIR R4 intake: read a ServiceRequest (patient contained or in a transaction Bundle) as referral fields.

Parsing is done by `fhir.resources` (R4B models, which are R4-compatible for these resources); the
mapping then reads the validated JSON. Only an active order for the ROSE service is accepted
(`semantics.py`); doses are read with their units (`units.py`). Every problem is collected and
returned as an OperationOutcome issue with a FHIRPath expression; nothing here raises anything
but `FhirError`."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from rose.referrals.fhir.errors import FhirError, problem
from rose.referrals.fhir.semantics import semantic_problems
from rose.referrals.fhir.units import ProductUnits, UnitError, dose_in_product_units
from rose.referrals.forms import ADULT_AGE, age_on

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEMS = ("https://fhir.nhs.uk/Id/ods-organization-code", "https://fhir.nhs.uk/Id/ods-organisation-code")
MAX_BODY_BYTES = 1_000_000
# Patient.name: official first, then usual, then a name without `use`; old and maiden names never.
NAME_PREFERENCE = {"official": 0, "usual": 1, None: 2, "temp": 3, "nickname": 4, "anonymous": 5}
LANGUAGE_NAMES = {"bfi": "British Sign Language", "sgn-gb": "British Sign Language", "q4": "British Sign Language",
                  "ase": "American Sign Language", "sgn": "Sign language"}


@dataclass
class Found:
    """The resources of a request with the FHIRPath of each, for issues that point at the right place."""

    request: dict[str, Any]
    request_path: str
    index: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    others: list[tuple[dict[str, Any], str]] = field(default_factory=list)

    def resolve(self, reference: Any, owner: dict[str, Any] | None = None) -> tuple[dict[str, Any], str] | None:
        ref = str(reference or "")
        if ref.startswith("#") and owner is not None:
            for n, resource in enumerate(owner.get("contained") or []):
                if isinstance(resource, dict) and f"#{resource.get('id')}" == ref:
                    return resource, f"{self.path_of(owner)}.contained[{n}]"
        return self.index.get(ref)

    def path_of(self, resource: dict[str, Any]) -> str:
        if resource is self.request:
            return self.request_path
        return next((path for r, path in self.others if r is resource), resource.get("resourceType", ""))


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


def find_resources(data: dict[str, Any]) -> Found:
    if data["resourceType"] == "ServiceRequest":
        found = Found(request=data, request_path="ServiceRequest")
    else:
        if data.get("type") != "transaction":
            raise FhirError(422, [problem("A Bundle must be of type transaction", "Bundle.type", "not-supported")])
        entries = [(n, e) for n, e in enumerate(data.get("entry") or [])
                   if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
        requests = [(n, e) for n, e in entries if e["resource"].get("resourceType") == "ServiceRequest"]
        if len(requests) != 1:
            raise FhirError(422, [problem(f"The Bundle must contain exactly one ServiceRequest (it has "
                                          f"{len(requests)})", "Bundle.entry", code="business-rule")])
        n, entry = requests[0]
        found = Found(request=entry["resource"], request_path=f"Bundle.entry[{n}].resource")
        for n, entry in entries:
            resource, path = entry["resource"], f"Bundle.entry[{n}].resource"
            if resource is not found.request:
                found.others.append((resource, path))
            if entry.get("fullUrl"):
                found.index[str(entry["fullUrl"])] = (resource, path)
            if resource.get("id"):
                found.index[f"{resource.get('resourceType')}/{resource['id']}"] = (resource, path)
    for n, resource in enumerate(found.request.get("contained") or []):
        if isinstance(resource, dict):
            path = f"{found.request_path}.contained[{n}]"
            found.others.append((resource, path))
            if resource.get("id"):
                found.index[f"#{resource['id']}"] = (resource, path)
    return found


def _text(value: Any, limit: int) -> str:
    text = str(value or "")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return text.strip()[:limit]


def _current(period: Any) -> bool:
    end = (period or {}).get("end") if isinstance(period, dict) else None
    return not end or str(end)[:10] >= dt.date.today().isoformat()


def preferred_name(names: list[Any]) -> dict[str, Any] | None:
    """Official, then usual, then unlabelled; never an old or maiden name, nor one whose period has ended."""
    usable = [n for n in names if isinstance(n, dict) and n.get("use") in NAME_PREFERENCE and _current(n.get("period"))]
    return min(usable, key=lambda n: NAME_PREFERENCE[n.get("use")], default=None)


def _patient_fields(patient: dict[str, Any], path: str, found: Found, problems: list[dict[str, Any]]) -> dict[str, Any]:
    from rose.patients.identifiers import normalise_mobile, normalise_nhs_number

    fields: dict[str, Any] = {}
    identifiers = [i for i in patient.get("identifier") or [] if isinstance(i, dict)]
    nhs = [(n, i) for n, i in enumerate(identifiers) if i.get("system") == NHS_NUMBER_SYSTEM]
    if not nhs:
        systems = ", ".join(sorted({str(i.get("system")) for i in identifiers})) or "none"
        problems.append(problem(f"The patient must be identified by NHS number with system {NHS_NUMBER_SYSTEM} "
                                f"(systems given: {systems[:200]})", f"{path}.identifier", code="required"))
    else:
        try:
            fields["nhs_number"] = normalise_nhs_number(str(nhs[0][1].get("value") or ""))
        except DjangoValidationError as exc:
            problems.append(problem(exc.messages[0], f"{path}.identifier[{nhs[0][0]}].value"))
    name = preferred_name(patient.get("name") or [])
    if name:
        fields["given_name"] = _text(" ".join(str(g) for g in name.get("given") or []), 100)
        fields["family_name"] = _text(name.get("family"), 100)
    if not fields.get("family_name"):
        problems.append(problem("The patient's current family name is missing (old names are not used)",
                                f"{path}.name", code="required"))
    _birth_date(patient, path, fields, problems)
    for telecom in patient.get("telecom") or []:
        if isinstance(telecom, dict) and telecom.get("system") in ("phone", "sms") and telecom.get("value") \
                and telecom.get("use") != "old":
            try:
                fields["mobile"] = normalise_mobile(str(telecom["value"])[:30])
                break
            except DjangoValidationError:
                continue
    communication = communication_needs(patient)
    if communication:
        fields["communication_needs"] = communication
    gp_ods = general_practitioner_ods(patient, found)
    if gp_ods:
        fields["gp_ods_code"] = gp_ods
    return fields


def _birth_date(patient: dict[str, Any], path: str, fields: dict[str, Any], problems: list[dict[str, Any]]) -> None:
    birth = patient.get("birthDate")
    if not birth:
        problems.append(problem("The patient's birthDate is missing", f"{path}.birthDate", code="required"))
        return
    try:
        value = dt.date.fromisoformat(str(birth))
    except ValueError:
        problems.append(problem("birthDate must be a full date, YYYY-MM-DD", f"{path}.birthDate"))
        return
    if value > dt.date.today() or value.year < 1900:
        problems.append(problem("birthDate must be in the past and after 1900", f"{path}.birthDate"))
    elif age_on(value, timezone.localdate()) < ADULT_AGE:
        problems.append(problem("ROSE is a service for adults: the patient must be 18 or over. Refer children and "
                                "young people to their paediatric pain service", f"{path}.birthDate",
                                code="business-rule"))
    else:
        fields["date_of_birth"] = value


def _concept_text(concept: Any) -> str:
    if not isinstance(concept, dict):
        return ""
    codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
    for coding in codings:
        known = LANGUAGE_NAMES.get(str(coding.get("code") or "").lower())
        if known:
            return known
    return _text(concept.get("text") or next((c.get("display") or c.get("code") for c in codings), ""), 100)


def communication_needs(patient: dict[str, Any]) -> str:
    """Patient.communication (and UK Core's NHSCommunication extension) as a sentence for the team."""
    parts = []
    for item in patient.get("communication") or []:
        if isinstance(item, dict) and _concept_text(item.get("language")):
            parts.append(_concept_text(item.get("language")) + (" (preferred)" if item.get("preferred") else ""))
    for extension in patient.get("extension") or []:
        if not isinstance(extension, dict) or not str(extension.get("url", "")).endswith("NHSCommunication"):
            continue
        subs = {s.get("url"): s for s in extension.get("extension") or [] if isinstance(s, dict)}
        language = _concept_text((subs.get("language") or {}).get("valueCodeableConcept"))
        if language:
            interpreter = (subs.get("interpreterRequired") or {}).get("valueBoolean") is True
            parts.append(language + (", interpreter needed" if interpreter else ""))
    unique = list(dict.fromkeys(parts))
    return _text("Language or communication from the referring system: " + "; ".join(unique), 1000) if unique else ""


def _ods_of(target: dict[str, Any] | None, found: Found, depth: int = 0) -> str | None:
    """ODS code of an Organization, or of a PractitionerRole's organization (by identifier or reference)."""
    if not isinstance(target, dict) or depth > 2:
        return None
    for ident in ([target.get("identifier")] if isinstance(target.get("identifier"), dict)
                  else target.get("identifier") or []):
        if isinstance(ident, dict) and ident.get("system") in ODS_SYSTEMS and ident.get("value"):
            return str(ident["value"]).upper()[:10]
    if target.get("resourceType") == "PractitionerRole" or "organization" in target:
        organization = target.get("organization") or {}
        if isinstance(organization, dict):
            direct = _ods_of({"identifier": organization.get("identifier")}, found, depth + 1)
            if direct:
                return direct
            resolved = found.resolve(organization.get("reference"), target)
            return _ods_of(resolved[0], found, depth + 1) if resolved else None
    return None


def requester_ods(found: Found) -> str | None:
    requester = found.request.get("requester") or {}
    if not isinstance(requester, dict):
        return None
    direct = _ods_of({"identifier": requester.get("identifier")}, found)
    if direct:
        return direct
    resolved = found.resolve(requester.get("reference"), found.request)
    return _ods_of(resolved[0], found) if resolved else None


def general_practitioner_ods(patient: dict[str, Any], found: Found) -> str | None:
    for reference in patient.get("generalPractitioner") or []:
        if not isinstance(reference, dict):
            continue
        ods = _ods_of({"identifier": reference.get("identifier")}, found)
        resolved = found.resolve(reference.get("reference"), patient) if not ods else None
        ods = ods or (_ods_of(resolved[0], found) if resolved else None)
        if ods:
            return ods
    return None


def _products() -> dict[str, ProductUnits]:
    from rose.medicines.engine import default_formulary

    return {p.name.lower(): ProductUnits(
        name=p.name, unit=p.unit, dose_increment=p.dose_increment, strength_mg=p.strength_mg,
        mcg_per_hour=tuple(r for r in (p.strength_mcg_per_hour, p.delivers_mcg_per_hour) if r is not None),
        combination=p.partner is not None) for p in default_formulary().products}


def _medicine_names(statement: dict[str, Any], found: Found) -> list[Any]:
    concept = statement.get("medicationCodeableConcept")
    if not isinstance(concept, dict):
        resolved = found.resolve((statement.get("medicationReference") or {}).get("reference"), statement)
        concept = (resolved[0].get("code") if resolved else None) or {}
    if not isinstance(concept, dict):
        return []
    return [concept.get("text")] + [c.get("display") for c in concept.get("coding") or [] if isinstance(c, dict)]


def _frequency(dosage: dict[str, Any]) -> float | None:
    repeat = ((dosage.get("timing") or {}).get("repeat") or {})
    frequency, period, unit = repeat.get("frequency"), repeat.get("period", 1), repeat.get("periodUnit", "d")
    per_day = {"h": 24, "d": 1, "wk": 1 / 7}.get(unit)
    if not isinstance(frequency, int | float) or not isinstance(period, int | float) or not per_day or period <= 0:
        return None
    value = frequency / period * per_day
    return int(value) if float(value).is_integer() else round(value, 2)


def _number(value: Any) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _medication_item(statement: dict[str, Any], where: str, found: Found, products: dict[str, ProductUnits],
                     problems: list[dict[str, Any]]) -> dict[str, Any] | None:
    candidates = _medicine_names(statement, found)
    product = next((products[str(c).lower()] for c in candidates if c and str(c).lower() in products), None)
    if product is None:
        shown = _text(next((c for c in candidates if c), "the medicine"), 120)
        problems.append(problem(f"{shown!r} is not in the ROSE formulary; use the dm+d product name",
                                f"{where}.medication", code="code-invalid"))
        return None
    dosages = statement.get("dosage") or []
    dosage = next((d for d in dosages if isinstance(d, dict)), {})
    rates = [r for r in dosage.get("doseAndRate") or [] if isinstance(r, dict)]
    quantity = rates[0].get("doseQuantity") if rates else None
    dose_path = f"{where}.dosage[0].doseAndRate[0].doseQuantity"
    if not isinstance(quantity, dict):
        problems.append(problem("The dose is missing: give dosage.doseAndRate.doseQuantity with a value and unit",
                                dose_path, code="required"))
        return None
    try:
        units, _ = dose_in_product_units(quantity, product)
    except UnitError as exc:
        problems.append(problem(f"{product.name}: {exc}", dose_path, code="value"))
        return None
    item: dict[str, Any] = {"product": product.name, "units_per_dose": _number(units)}
    if product.unit != "patch":
        per_day = _frequency(dosage)
        if per_day is None:
            problems.append(problem("timing.repeat frequency and period are needed", f"{where}.dosage[0].timing",
                                    code="required"))
            return None
        item["times_per_day"] = per_day
    # R4 says "as needed" with asNeededBoolean, or asNeededCodeableConcept ("as needed for pain").
    if dosage.get("asNeededBoolean") is True or isinstance(dosage.get("asNeededCodeableConcept"), dict):
        item["as_needed"] = True
    return item


def medication_items(found: Found, problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    products = _products()
    items = []
    for statement, where in found.others:
        if statement.get("resourceType") != "MedicationStatement":
            continue
        if statement.get("status") not in (None, "active", "intended"):
            continue  # completed, stopped, entered-in-error, not-taken...: not a current opioid
        item = _medication_item(statement, where, found, products, problems)
        if item:
            items.append(item)
    return items


def request_identifiers(request: dict[str, Any]) -> list[tuple[str, str]]:
    """(system, value) of each ServiceRequest.identifier, for idempotent create."""
    out = []
    for ident in request.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("value"):
            out.append((_text(ident.get("system"), 200), _text(ident.get("value"), 200)))
    return list(dict.fromkeys(out))


def referral_fields_from_fhir(data: dict[str, Any], *, organisation: Any) -> dict[str, Any]:
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
