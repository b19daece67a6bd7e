"""Group state rules for templates (issue #18), checked for every status."""

from types import SimpleNamespace

from rose.groups.models import ENROLMENT_TRANSITIONS, CohortStatus, EnrolmentStatus, SessionStatus
from rose.groups.presenters import (
    cohort_can_change,
    cohort_is_cancelled,
    enrolment_actions,
    enrolment_is_withdrawn,
    session_can_change,
)

ENROLMENT_EXPECTED = {
    EnrolmentStatus.OFFERED: {"respond", "withdraw"},
    EnrolmentStatus.ENROLLED: {"withdraw"},
    EnrolmentStatus.DECLINED: set(),
    EnrolmentStatus.WITHDRAWN: set(),
    EnrolmentStatus.EXPIRED: set(),
}
COHORT_EXPECTED = {CohortStatus.PLANNED: (True, False), CohortStatus.CANCELLED: (False, True)}
SESSION_EXPECTED = {SessionStatus.SCHEDULED: True, SessionStatus.TOOK_PLACE: False, SessionStatus.CANCELLED: False}


def test_every_status_has_an_expectation():
    assert set(ENROLMENT_EXPECTED) == set(EnrolmentStatus.values) == set(ENROLMENT_TRANSITIONS) - {""}
    assert set(COHORT_EXPECTED) == set(CohortStatus.values)
    assert set(SESSION_EXPECTED) == set(SessionStatus.values)


def test_enrolment_actions_for_every_status_follow_the_table():
    for status in EnrolmentStatus.values:
        actions = enrolment_actions(SimpleNamespace(status=status))
        assert actions == ENROLMENT_EXPECTED[status], status
        assert ("withdraw" in actions) == (EnrolmentStatus.WITHDRAWN in ENROLMENT_TRANSITIONS[status])
        assert ("respond" in actions) == (EnrolmentStatus.DECLINED in ENROLMENT_TRANSITIONS[status])
        assert enrolment_is_withdrawn(SimpleNamespace(status=status)) is (status == "withdrawn")


def test_cohort_and_session_rules_for_every_status():
    for status, (can_change, cancelled) in COHORT_EXPECTED.items():
        assert cohort_can_change(SimpleNamespace(status=status)) is can_change
        assert cohort_is_cancelled(SimpleNamespace(status=status)) is cancelled
    for status, expected in SESSION_EXPECTED.items():
        assert session_can_change(SimpleNamespace(status=status)) is expected
