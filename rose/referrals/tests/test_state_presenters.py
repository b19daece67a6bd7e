"""Referral and waitlist state rules for templates (issue #18), checked for every status."""

from types import SimpleNamespace

from rose.referrals.models import TRANSITIONS, ReferralStatus, WaitlistPathway, WaitlistStatus
from rose.referrals.presenters import REFERRAL_TAG_CLASSES, referral_can_submit, referral_tag_class, waitlist_offers
from rose.referrals.services.waitlist import WAITLIST_TRANSITIONS

TAG_EXPECTED = {"accepted": "nhsuk-tag--green", "declined": "nhsuk-tag--red", "more_info": "nhsuk-tag--yellow"}

# Waitlist page offers before the rules moved: only a waiting entry, each offer where its pathway needs it.
WAITLIST_EXPECTED = {
    (WaitlistStatus.WAITING, WaitlistPathway.ONE_TO_ONE): {"clinic"},
    (WaitlistStatus.WAITING, WaitlistPathway.GROUP): {"group"},
    (WaitlistStatus.WAITING, WaitlistPathway.BOTH): {"clinic", "group"},
}


def test_every_referral_status_has_a_tag_colour_and_a_table_row():
    assert set(REFERRAL_TAG_CLASSES) == set(ReferralStatus.values) == set(TRANSITIONS)


def test_referral_tag_class_for_every_status():
    for status in ReferralStatus.values:
        assert referral_tag_class(SimpleNamespace(status=status)) == TAG_EXPECTED.get(status, "nhsuk-tag--grey")


def test_continue_draft_offered_exactly_where_submitted_is_reachable():
    for status in ReferralStatus.values:
        expected = ReferralStatus.SUBMITTED in TRANSITIONS[status]
        assert referral_can_submit(SimpleNamespace(status=status)) is expected, status
    assert [s for s in ReferralStatus.values if referral_can_submit(SimpleNamespace(status=s))] == ["draft"]


def test_waitlist_offers_for_every_status_and_pathway():
    assert set(WAITLIST_TRANSITIONS) == set(WaitlistStatus.values)
    for status in WaitlistStatus.values:
        for pathway in WaitlistPathway.values:
            offers = waitlist_offers(SimpleNamespace(status=status, pathway=pathway))
            assert offers == WAITLIST_EXPECTED.get((status, pathway), set()), (status, pathway)
            if offers:  # an offer is only made where the table lets the entry become booked and offered
                assert {WaitlistStatus.BOOKED, WaitlistStatus.OFFERED} <= set(WAITLIST_TRANSITIONS[status])
