"""State rules for referral pages (issue #18): what a page offers follows the state machines'
tables, so templates never compare a status themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rose.referrals.models import (
    PATHWAY_NEEDS_CLINIC,
    PATHWAY_NEEDS_GROUP,
    TRANSITIONS,
    ReferralStatus,
    WaitlistStatus,
)
from rose.referrals.services.waitlist import WAITLIST_TRANSITIONS

if TYPE_CHECKING:
    from rose.referrals.models import Referral, WaitlistEntry

# Every status has a tag colour (the test fails when a status is added without one).
REFERRAL_TAG_CLASSES: dict[str, str] = {
    ReferralStatus.DRAFT: "nhsuk-tag--grey",
    ReferralStatus.SUBMITTED: "nhsuk-tag--grey",
    ReferralStatus.IN_REVIEW: "nhsuk-tag--grey",
    ReferralStatus.MORE_INFO: "nhsuk-tag--yellow",
    ReferralStatus.ACCEPTED: "nhsuk-tag--green",
    ReferralStatus.DECLINED: "nhsuk-tag--red",
    ReferralStatus.WITHDRAWN: "nhsuk-tag--grey",
}


def referral_can_submit(referral: Referral) -> bool:
    """A referral the referrer can still continue and send: one that can become submitted."""
    return ReferralStatus.SUBMITTED in TRANSITIONS.get(referral.status, ())


def referral_tag_class(referral: Referral) -> str:
    return REFERRAL_TAG_CLASSES[referral.status]


def waitlist_offers(entry: WaitlistEntry) -> frozenset[str]:
    """What the waitlist page offers an entry: "clinic" (book a one-to-one appointment) and "group"
    (offer a course place) for an entry not yet placed anywhere (one that could still become either
    booked or offered), each only when its pathway needs it."""
    onward = WAITLIST_TRANSITIONS.get(entry.status, ())
    unplaced = WaitlistStatus.BOOKED in onward and WaitlistStatus.OFFERED in onward
    offers: set[str] = set()
    if unplaced and entry.pathway in PATHWAY_NEEDS_CLINIC:
        offers.add("clinic")
    if unplaced and entry.pathway in PATHWAY_NEEDS_GROUP:
        offers.add("group")
    return frozenset(offers)


JINJA_GLOBALS = {"referral_can_submit": referral_can_submit, "referral_tag_class": referral_tag_class,
                 "waitlist_offers": waitlist_offers}
