"""Learning-page state rule for the portal (issue #18), checked for every status."""

from types import SimpleNamespace

from rose.hub.models import ASSIGNMENT_TRANSITIONS, AssignmentStatus
from rose.hub.presenters import assignment_can_complete

# The portal lists assignments that are not withdrawn; before the move it offered the button unless completed.
EXPECTED = {AssignmentStatus.ASSIGNED: True, AssignmentStatus.READ: True, AssignmentStatus.COMPLETED: False,
            AssignmentStatus.WITHDRAWN: False}


def test_assignment_can_complete_for_every_status():
    assert set(EXPECTED) == set(AssignmentStatus.values) == set(ASSIGNMENT_TRANSITIONS)
    for status in AssignmentStatus.values:
        can = assignment_can_complete(SimpleNamespace(status=status))
        assert can is EXPECTED[status], status
        assert can is (AssignmentStatus.COMPLETED in ASSIGNMENT_TRANSITIONS[status])
