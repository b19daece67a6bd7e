"""FHIR intake of the patient: NHS number, current name, birth date (adults only), mobile,
communication needs and the GP practice's ODS code (also the requester's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from rose.referrals.fhir.errors import problem
from rose.referrals.fhir.found import Found, _text
from rose.referrals.forms.steps import ADULT_AGE, age_on

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEMS = ("https://fhir.nhs.uk/Id/ods-organization-code", "https://fhir.nhs.uk/Id/ods-organisation-code")
# Patient.name: official first, then usual, then a name without `use`; old and maiden names never.
NAME_PREFERENCE = {"official": 0, "usual": 1, None: 2, "temp": 3, "nickname": 4, "anonymous": 5}
LANGUAGE_NAMES = {"bfi": "British Sign Language", "sgn-gb": "British Sign Language", "q4": "British Sign Language",
                  "ase": "American Sign Language", "sgn": "Sign language"}



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
