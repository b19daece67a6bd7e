"""Emails to the referrer: one per change they need to know about, with no patient details."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.core.presenters import date as format_date
from rose.referrals.models import Referral, ReferralStatus

if TYPE_CHECKING:
    from rose.accounts.models import User


def referral_recipients(referral: Referral) -> list[str]:
    from rose.accounts.models import User

    referrer = referral.referrer  # no query when referrer_id is None
    if referrer is not None and referrer.is_active:
        return [referrer.email]
    return list(User.objects.filter(organisation_id=referral.referrer_organisation_id, role=Role.REFERRER,
                                    is_active=True).values_list("email", flat=True)[:20])


# What each meaningful change means for the referrer, in plain words (no patient details: an email
# can be read by anyone with access to the mailbox, and reasons are free text, so they are never copied).
CHANGE_WORDS = {
    ReferralStatus.IN_REVIEW: ("being reviewed", "The ROSE team has started reviewing this referral."),
    ReferralStatus.MORE_INFO: ("question from the ROSE team",
                               "The ROSE team needs more information before deciding. Sign in to read the question "
                               "and answer it."),
    ReferralStatus.ACCEPTED: ("accepted", "The ROSE team has accepted this referral. The patient is on the "
                                          "programme's waiting list and the team will contact them."),
    ReferralStatus.DECLINED: ("declined", "The ROSE team has declined this referral. Sign in to read the reason."),
    ReferralStatus.WITHDRAWN: ("withdrawn", "This referral has been withdrawn. Sign in to read the reason."),
}


def _worth_telling_the_referrer(from_status: str, to_status: str, actor: User | None, referral: Referral) -> bool:
    """One email per change the referrer needs to know about: not their own submission, answer
    or withdrawal, and not the move back to review that their own answer causes."""
    if from_status == ReferralStatus.DRAFT or to_status not in CHANGE_WORDS:
        return False
    if getattr(actor, "is_authenticated", False) and getattr(actor, "role", None) == Role.REFERRER:
        return False
    return not (to_status == ReferralStatus.IN_REVIEW and from_status == ReferralStatus.MORE_INFO)


def referral_notify(*, referral_id: uuid.UUID | str, change_id: uuid.UUID | str | None = None) -> int:
    """Email the referrer what changed: the reference, the new status in words and a link; no
    clinical details and no free text."""
    referral = Referral.objects.select_related("referrer").filter(pk=referral_id).first()
    if referral is None:
        return 0
    change = referral.status_changes.filter(pk=change_id).first() if change_id else None
    status = change.to_status if change else referral.status
    recipients = referral_recipients(referral)
    if not recipients or status not in CHANGE_WORDS:
        return 0
    short, sentence = CHANGE_WORDS[ReferralStatus(status)]
    link = settings.SITE_URL.rstrip("/") + reverse("referrals:status", kwargs={"referral_id": referral.pk})
    when = f" on {format_date(timezone.localtime(change.at).date())}" if change else ""
    body = (f"Referral {referral.reference} to the ROSE service: {short}{when}.\n\n{sentence}\n\n"
            f"Sign in to see the referral: {link}\n\n"
            "This email contains no patient details. Do not reply to it.")
    return send_mail(subject=f"ROSE referral {referral.reference}: {short}", message=body,
                     from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients, fail_silently=True)
