"""The invitation state machine (immutable InvitationTransition rows):

    invited -> in_progress -> completed
    invited | in_progress -> expired (window closed; partial answers kept and scored where possible)
    invited | in_progress -> cancelled (patient discharged or left the programme)
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.outcomes.models import Invitation, InvitationTransition

S = Invitation.Status
TRANSITIONS: dict[str, set[str]] = {
    S.INVITED: {S.IN_PROGRESS, S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.COMPLETED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}



def _transition(invitation: Invitation, to: str, *, actor: Any = None, reason: str = "") -> None:
    if to not in TRANSITIONS[invitation.status]:
        raise ValidationError(f"An invitation that is {invitation.get_status_display().lower()} cannot become {to}")
    InvitationTransition.objects.create(
        invitation=invitation, from_status=invitation.status, to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label="staff" if getattr(actor, "is_authenticated", False) else (actor or "system"), reason=reason[:200])
    invitation.status = to
    if to == S.COMPLETED:
        invitation.completed_at = timezone.now()
    invitation.save(update_fields=["status", "completed_at", "updated_at"])
