"""Invitation state rules for templates (issue #18), checked for every status."""

from types import SimpleNamespace

from rose.outcomes.models import Invitation
from rose.outcomes.presenters import invitation_takes_phone_answers, invitation_was_answered
from rose.outcomes.services import TRANSITIONS

S = Invitation.Status
# (answered, phone answers can be entered) per status, as the pages showed before the move.
EXPECTED = {S.INVITED: (False, True), S.IN_PROGRESS: (False, True), S.COMPLETED: (True, True),
            S.EXPIRED: (False, True), S.CANCELLED: (False, False)}


def test_invitation_rules_for_every_status():
    assert set(EXPECTED) == set(S.values) == set(TRANSITIONS)
    for status, (answered, phone) in EXPECTED.items():
        invitation = SimpleNamespace(status=status)
        assert invitation_was_answered(invitation) is answered, status
        assert invitation_takes_phone_answers(invitation) is phone, status
