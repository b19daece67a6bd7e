"""The GP Connect Send Document payload: an ITK3 FHIR STU3 message carrying the letter's PDF.

Bundle (type message) = MessageHeader (ITK3 message handling: business and infrastructure ACKs
requested) + a document Bundle (Composition, Patient, the sender Organization, the PDF as Binary).
The MessageHeader id is the delivery's tracking id: the practice's ACK names it in
`MessageHeader.response.identifier`."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

WORKFLOW = "GPCONNECT_SEND_DOCUMENT"
ACK_WORKFLOW = "GPCONNECT_SEND_DOCUMENT_ACK"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
ITK = "https://fhir.nhs.uk/STU3"


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _handling() -> dict[str, Any]:
    return {"url": f"{ITK}/StructureDefinition/Extension-ITK-MessageHandling-2", "extension": [
        {"url": "BusAckRequested", "valueBoolean": True},
        {"url": "InfAckRequested", "valueBoolean": True},
        {"url": "RecipientType", "valueCoding": {"system": f"{ITK}/CodeSystem/ITK-RecipientType-1", "code": "FA",
                                                 "display": "For Action"}},
        {"url": "MessageDefinition", "valueReference": {
            "reference": f"{ITK}/MessageDefinition/ITK-GPConnectSendDocument-MessageDefinition-Instance-1"}},
        {"url": "SenderReference", "valueString": "None"},
        {"url": "LocalExtension", "valueString": "None"},
    ]}


def send_document_message(*, tracking_id: str, pdf: bytes, patient: dict[str, Any], sender: dict[str, str],
                          document_version: int, title: str, change: str, now: dt.datetime) -> dict[str, Any]:
    """`patient`: nhs_number, family_name, given_name, birth_date (date). `sender`: ods, name, telephone."""
    patient_url, org_url, binary_url, composition_url, document_url = (_urn() for _ in range(5))
    updated = f"Updated letter (version {document_version}). What changed: {change}" if document_version > 1 \
        else "First letter about this reduction plan"
    document = {
        "resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "document",
        "identifier": {"system": "https://tools.ietf.org/html/rfc4122", "value": str(uuid.uuid4())},
        "entry": [
            {"fullUrl": composition_url, "resource": {
                "resourceType": "Composition", "status": "final", "date": now.isoformat(), "title": title,
                "type": {"text": "Letter to the GP about an opioid reduction plan"},
                "subject": {"reference": patient_url}, "author": [{"reference": org_url}],
                "extension": [{"url": "https://rose.nhs.uk/fhir/StructureDefinition/document-version",
                               "valueInteger": document_version}],
                "section": [{"title": title, "text": {"status": "generated",
                                                      "div": f'<div xmlns="http://www.w3.org/1999/xhtml">'
                                                             f"{_escape(updated)}</div>"},
                             "entry": [{"reference": binary_url}]}]}},
            {"fullUrl": patient_url, "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": patient["nhs_number"]}],
                "name": [{"use": "official", "family": patient["family_name"], "given": [patient["given_name"]]}],
                "birthDate": patient["birth_date"].isoformat()}},
            {"fullUrl": org_url, "resource": {
                "resourceType": "Organization", "identifier": [{"system": ODS_SYSTEM, "value": sender["ods"]}],
                "name": sender["name"], "telecom": [{"system": "phone", "value": sender["telephone"]}]
                if sender.get("telephone") else []}},
            {"fullUrl": binary_url, "resource": {
                "resourceType": "Binary", "contentType": "application/pdf",
                "content": base64.b64encode(pdf).decode()}},
        ],
    }
    header = {
        "resourceType": "MessageHeader", "id": tracking_id, "extension": [_handling()],
        "event": {"system": f"{ITK}/CodeSystem/ITK-MessageEvent-2", "code": "ITK007C",
                  "display": "ITK Document"},
        "timestamp": now.isoformat(),
        "source": {"endpoint": sender["ods"]},
        "sender": {"reference": org_url},
        "focus": [{"reference": document_url}],
    }
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "message",
            "meta": {"profile": [f"{ITK}/StructureDefinition/ITK-Message-Bundle-1"]},
            "entry": [{"fullUrl": f"urn:uuid:{tracking_id}", "resource": header},
                      {"fullUrl": document_url, "resource": document}]}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_ack(body: bytes) -> tuple[str, str] | None:
    """(the tracking id the ACK answers, its code: ok, transient-error or fatal-error), or None."""
    try:
        bundle = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    entries = bundle.get("entry") if isinstance(bundle, dict) else None
    for entry in entries or []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") == "MessageHeader":
            response = resource.get("response") or {}
            if isinstance(response, dict) and response.get("identifier"):
                return str(response["identifier"]), str(response.get("code") or "")
    return None


def ack_message(*, tracking_id: str, code: str = "ok", practice_ods: str, now: dt.datetime) -> dict[str, Any]:
    """The business ACK a practice's system returns (used by tests and the make-run demo practice)."""
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "message", "entry": [{
        "fullUrl": _urn(), "resource": {
            "resourceType": "MessageHeader", "id": str(uuid.uuid4()),
            "event": {"system": f"{ITK}/CodeSystem/ITK-MessageEvent-2", "code": "ITK008M",
                      "display": "ITK Response"},
            "timestamp": now.isoformat(), "source": {"endpoint": practice_ods},
            "response": {"identifier": tracking_id, "code": code}}}]}
