"""The invitation state machine (immutable InvitationTransition rows):

    invited -> in_progress -> completed
    invited | in_progress -> expired (window closed; partial answers kept and scored where possible)
    invited | in_progress -> cancelled (patient discharged or left the programme)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.outcomes.models import Invitation, InvitationTransition

if TYPE_CHECKING:
    from rose.accounts.models import User

S = Invitation.Status
TRANSITIONS: dict[str, set[str]] = {
    S.INVITED: {S.IN_PROGRESS, S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.EXPIRED, S.CANCELLED},
    S.COMPLETED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}



def _transition(invitation: Invitation, to: str, *, actor: User | str | None = None, reason: str = "") -> None:
    """`actor` is the member of staff, or a label for who else acted ("patient"; None: "system")."""
    if to not in TRANSITIONS[invitation.status]:
        raise ValidationError(f"An invitation that is {invitation.get_status_display().lower()} cannot become {to}")
    user = actor if not isinstance(actor, str) and getattr(actor, "is_authenticated", False) else None
    label = "staff" if user is not None else (actor if isinstance(actor, str) and actor else "system")
    InvitationTransition.objects.create(
        invitation=invitation, from_status=invitation.status, to_status=to,
        actor=user, actor_label=label, reason=reason[:200])
    invitation.status = to
    if to == S.COMPLETED:
        invitation.completed_at = timezone.now()
    invitation.save(update_fields=["status", "completed_at", "updated_at"])
