"""The "Group course" panel on the patient page (rose.patients.hooks.patient_panel)."""

from __future__ import annotations

from typing import Any

from rose.groups.models import Enrolment
from rose.groups.selectors import upcoming_sessions_for_patient


def group_panel(*, request: Any, patient: Any) -> dict[str, Any] | None:
    if not request.user.has_perm("groups.view_cohort"):
        return None
    places = list(Enrolment.objects.filter(patient=patient, cohort__programme_id=patient.programme_id)
                  .select_related("cohort").order_by("-created_at")[:5])
    if not places:
        return None
    return {"title": "Group course", "template": "groups/_patient_panel.jinja", "group_places": places,
            "group_sessions": upcoming_sessions_for_patient(patient=patient, limit=3)}
