"""Plan and booking state rules for templates (issue #18), checked for every status in each table."""

from types import SimpleNamespace

from rose.plans.models import BOOKING_TRANSITIONS, PLAN_TRANSITIONS, BookingStatus, PlanStatus
from rose.plans.presenters import booking_awaits_outcome, plan_actions

# What the plan page offered before the rules moved out of the template, one row per status.
PLAN_EXPECTED = {
    PlanStatus.DRAFT: {"stop", "change"},
    PlanStatus.ACTIVE: {"pause", "stop", "change"},
    PlanStatus.PAUSED: {"resume", "stop", "change"},
    PlanStatus.STOPPED: set(),
}


def test_every_plan_status_has_an_expectation_and_a_table_row():
    assert set(PLAN_EXPECTED) == set(PlanStatus.values) == set(PLAN_TRANSITIONS)


def test_plan_actions_for_every_status():
    for status in PlanStatus.values:
        assert plan_actions(SimpleNamespace(status=status)) == PLAN_EXPECTED[status], status


def test_plan_actions_only_offer_moves_the_table_allows():
    target = {"pause": PlanStatus.PAUSED, "resume": PlanStatus.ACTIVE, "stop": PlanStatus.STOPPED}
    for status, onward in PLAN_TRANSITIONS.items():
        actions = plan_actions(SimpleNamespace(status=status))
        for action, to in target.items():
            if action in actions:
                assert to in onward and to != status, (status, action)
        assert ("change" in actions) == bool(onward), status


def test_booking_outcome_offered_exactly_where_attended_is_reachable():
    for status in BookingStatus.values:
        expected = BookingStatus.ATTENDED in BOOKING_TRANSITIONS.get(status, ())
        assert booking_awaits_outcome(SimpleNamespace(status=status)) is expected, status
    assert booking_awaits_outcome(SimpleNamespace(status=BookingStatus.BOOKED)) is True
    assert [s for s in BookingStatus.values if booking_awaits_outcome(SimpleNamespace(status=s))] == ["booked"]
    assert booking_awaits_outcome(None) is False
