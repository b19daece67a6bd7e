"""The plan panel on the patient page (rose.patients.hooks.patient_panel)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone

from rose.core.memo import per_request
from rose.plans import presenters, selectors
from rose.plans.steps import parse_date

if TYPE_CHECKING:
    from rose.patients.models import Patient
    from rose.referrals.models import Referral


def patient_referral(*, request: HttpRequest, patient: Patient) -> Referral | None:
    """The patient's latest referral, read once per request and shared by the panels that show it
    (this one and the record's referral panel)."""
    return per_request(request, ("latest_referral", patient.pk),
                       lambda: selectors.referral_for_patient(patient=patient))


def plan_panel(*, request: Any, patient: Any) -> dict[str, Any] | None:
    """Peers and others without plans.view_plan get no panel. Three queries whatever the history (the
    plan, the latest consultation, the latest referral's safety facts: none when another panel has
    read the referral in this request)."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("plans.view_plan"):
        return None
    plan = selectors.plan_for_panel(patient=patient)
    consultation = patient.consultations.only("id", "created_at", "patient_id").order_by("-created_at").first()
    current, upcoming = selectors.plan_current_step(plan=plan, on=timezone.localdate()) if plan else (None, None)
    return {"title": "Reduction plan", "template": "plans/_patient_panel.jinja", "plan": plan,
            "current": current, "upcoming": upcoming,
            "current_end": parse_date(current["end_date"]) if current else None,
            "next_start": parse_date(upcoming["start_date"]) if upcoming else None, "consultation": consultation,
            "can_consult": user.has_perm("plans.record_consultation"),
            "safety": presenters.referral_safety(patient_referral(request=request, patient=patient)),
            "is_draft": plan is not None and plan.approved_version_id is None}
