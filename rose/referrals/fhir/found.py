"""The resources of a FHIR request: the ServiceRequest and the resources around it (contained, or
in a transaction Bundle), each with its FHIRPath, and how a reference resolves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rose.referrals.fhir.errors import FhirError, problem


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
