"""A referral's eligibility checklist (the programme's, or the default) and its OME by the dose engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rose.medicines.services import ContractError, ome_calculate
from rose.referrals.models import DEFAULT_ELIGIBILITY, EligibilityCriterion, Referral

if TYPE_CHECKING:
    from rose.accounts.models import Programme

# Co-prescribed codes the dose engine understands (antidepressants are recorded but not sent).
ENGINE_CO_PRESCRIBED = frozenset({"benzodiazepine", "gabapentinoid", "z-drug"})


def eligibility_criteria(*, programme: Programme) -> list[dict[str, Any]]:
    """The programme's checklist, or the default one when the service has not configured it."""
    rows = [{"code": c.code, "question": c.question, "expected": c.expected}
            for c in EligibilityCriterion.objects.filter(programme=programme, active=True).order_by("order", "code")]
    if rows:
        return rows
    return [{"code": code, "question": question, "expected": expected}
            for code, question, expected in DEFAULT_ELIGIBILITY]


def eligibility_problems(*, answers: dict[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Criteria answered otherwise than expected (or not answered): highlighted, never declined."""
    return [c for c in criteria if answers.get(c["code"]) is not c["expected"]]


def engine_regimen(*, referral: Referral) -> dict[str, Any]:
    regimen = dict(referral.regimen or {})
    co = sorted(set(referral.other_medicines or []) & ENGINE_CO_PRESCRIBED)
    if co:
        regimen["co_prescribed"] = co
    else:
        regimen.pop("co_prescribed", None)
    return regimen


def referral_ome(*, referral: Referral) -> dict[str, Any]:
    """{"result": ome answer | None, "errors": [...], "empty": bool}. Never raises."""
    regimen = engine_regimen(referral=referral)
    if not regimen.get("items"):
        return {"result": None, "errors": [], "empty": True}
    try:
        return {"result": ome_calculate(regimen=regimen, programme=referral.programme), "errors": [],
                "empty": False}
    except ContractError as exc:
        return {"result": None, "errors": list(exc.errors), "empty": False}
