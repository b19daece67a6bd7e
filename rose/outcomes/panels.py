"""The "Questionnaires and outcomes" panel on the patient page."""

from __future__ import annotations

from typing import Any

from rose.outcomes.selectors import invitations_for_patient


def outcomes_panel(*, request: Any, patient: Any) -> dict[str, Any] | None:
    if not request.user.has_perm("outcomes.view_responses"):
        return None
    invitations = list(invitations_for_patient(patient=patient).order_by("-due_on")[:3])
    return {"title": "Questionnaires and outcomes", "template": "outcomes/_patient_panel.jinja",
            "outcome_invitations": invitations, "can_send_link": request.user.has_perm("outcomes.send_link")}
