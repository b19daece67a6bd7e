"""State rules for outcome pages (issue #18): templates never compare an invitation's status themselves."""

from __future__ import annotations

from rose.outcomes.models import Invitation


def invitation_was_answered(invitation: Invitation) -> bool:
    """The patient finished every questionnaire (as opposed to the window closing or a cancellation)."""
    return invitation.status == Invitation.Status.COMPLETED


def invitation_takes_phone_answers(invitation: Invitation) -> bool:
    """Answers read out on a phone call can be entered unless the invitation was cancelled: still open,
    or closed by time or completion (an unfinished questionnaire can still be filled in for the record)."""
    return invitation.status != Invitation.Status.CANCELLED


JINJA_GLOBALS = {"invitation_was_answered": invitation_was_answered,
                 "invitation_takes_phone_answers": invitation_takes_phone_answers}
