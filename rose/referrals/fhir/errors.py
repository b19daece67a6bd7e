"""FhirError and the OperationOutcome every refusal under /fhir/ answers with."""

from __future__ import annotations

from typing import Any


class FhirError(Exception):
    """`status` (400, 401, 403, 404, 405, 406, 412, 413, 415, 422) and `issues`.

    Each issue is {"code", "diagnostics", "expression"?} with a FHIRPath expression."""

    def __init__(self, status: int, issues: list[dict[str, Any]], headers: dict[str, str] | None = None) -> None:
        super().__init__(issues[0]["diagnostics"] if issues else "error")
        self.status = status
        self.issues = issues
        self.headers = headers or {}


def problem(diagnostics: str, expression: str = "", code: str = "invalid") -> dict[str, Any]:
    return {"code": code, "diagnostics": diagnostics, "expression": expression}


def operation_outcome(issues: list[dict[str, Any]], severity: str = "error") -> dict[str, Any]:
    out = []
    for issue in issues:
        entry: dict[str, Any] = {"severity": issue.get("severity", severity), "code": issue.get("code", "invalid"),
                                 "diagnostics": str(issue.get("diagnostics", ""))[:500]}
        if issue.get("expression"):
            entry["expression"] = [str(issue["expression"])[:200]]
        out.append(entry)
    return {"resourceType": "OperationOutcome", "issue": out}
