"""Which ServiceRequests are referrals to ROSE: an active order, not a "do not perform", for this service.

Anything else (a completed request, a plan or proposal, a CT scan) is refused with the reason,
never turned into a referral. The codes are documented in docs/referrals.md."""

from __future__ import annotations

from typing import Any

from rose.referrals.fhir.errors import problem

SNOMED = "http://snomed.info/sct"
ROSE_SERVICE_SYSTEM = "https://rose.nhs.uk/fhir/CodeSystem/service"
# (system, code): either marks a referral to ROSE, in ServiceRequest.code or .category.
ROSE_REFERRAL_CODES = frozenset({
    (SNOMED, "306109009"),  # Referral to pain management service (procedure)
    (ROSE_SERVICE_SYSTEM, "opioid-reduction"),  # ROSE's own code, for systems without SNOMED CT
})
ACCEPTED_STATUS = "active"
# A referrer's system places an order (order, or original-order when it tracks versions). filler-order,
# reflex-order and instance-order are made by the service that performs the work, i.e. ROSE itself.
ACCEPTED_INTENTS = ("order", "original-order")


def _codings(concepts: Any) -> list[dict[str, Any]]:
    if isinstance(concepts, dict):
        concepts = [concepts]
    out: list[dict[str, Any]] = []
    for concept in concepts or []:
        if isinstance(concept, dict):
            out.extend(c for c in concept.get("coding") or [] if isinstance(c, dict))
    return out


def is_rose_referral(request: dict[str, Any]) -> bool:
    codings = _codings(request.get("code")) + _codings(request.get("category"))
    return any((str(c.get("system") or ""), str(c.get("code") or "")) in ROSE_REFERRAL_CODES for c in codings)


def _described(request: dict[str, Any]) -> str:
    code = request.get("code")
    concept: dict[str, Any] = code if isinstance(code, dict) else {}
    codings = _codings(concept)
    text = concept.get("text") or next((c.get("display") or c.get("code") for c in codings), "")
    return f" ({str(text)[:80]})" if text else ""


def semantic_problems(request: dict[str, Any], path: str) -> list[dict[str, Any]]:
    """Each reason this ServiceRequest is not an active order for the ROSE service (empty: it is)."""
    problems = []
    status = request.get("status")
    if status != ACCEPTED_STATUS:
        problems.append(problem(f"Only an active request can be a referral; this one is {str(status)[:30]!r}",
                                f"{path}.status", code="business-rule"))
    intent = request.get("intent")
    if intent not in ACCEPTED_INTENTS:
        problems.append(problem(f"Only an order can be a referral (intent order or original-order); this one is "
                                f"{str(intent)[:30]!r}", f"{path}.intent", code="business-rule"))
    if request.get("doNotPerform") is True:
        problems.append(problem("This request says the service must not be performed (doNotPerform is true)",
                                f"{path}.doNotPerform", code="business-rule"))
    if not is_rose_referral(request):
        problems.append(problem(
            f"This request is not for the ROSE opioid reduction service{_described(request)}: its code or category "
            f"must include SNOMED CT 306109009 (Referral to pain management service) or "
            f"{ROSE_SERVICE_SYSTEM}|opioid-reduction", f"{path}.code", code="not-supported"))
    return problems
