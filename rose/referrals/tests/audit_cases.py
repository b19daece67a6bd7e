"""Audit walk cases for referral pages (see tests/test_audit_walk.py)."""

from django.urls import reverse

from rose.accounts.roles import Role


def _referrer_and_referral(make_user, status="submitted"):
    from rose.referrals.tests.factories import ReferralFactory

    user = make_user(Role.REFERRER)
    referral = ReferralFactory(programme=user.programme, referrer_organisation=user.organisation, referrer=user,
                               status=status, reference=None if status == "draft" else "ROSE-AUDT-CASE")
    return user, referral


def _referrer_page(name, status="submitted", **extra):
    def build(make_user):
        user, referral = _referrer_and_referral(make_user, status)
        return user, reverse(name, kwargs={"referral_id": referral.pk, **extra})

    return build


def _team_page(name, with_referral=False):
    def build(make_user):
        from rose.referrals.tests.factories import ReferralFactory, WaitlistEntryFactory

        user = make_user(Role.COORDINATOR)
        referral = ReferralFactory(programme=user.programme)
        from rose.patients.tests.factories import PatientFactory

        WaitlistEntryFactory(patient=PatientFactory(programme=user.programme), referral=referral)
        kwargs = {"referral_id": referral.pk} if with_referral else {}
        return user, reverse(name, kwargs=kwargs)

    return build


def _mine(make_user):
    user, _ = _referrer_and_referral(make_user)
    return user, reverse("referrals:mine")


def _waitlist_pathway(make_user):
    from rose.referrals.tests.factories import WaitlistEntryFactory

    user = make_user(Role.NURSE)
    entry = WaitlistEntryFactory(patient__programme=user.programme)
    return user, reverse("referrals:waitlist_pathway", kwargs={"entry_id": entry.pk})


CASES = {
    "referrals:mine": _mine,
    "referrals:step": _referrer_page("referrals:step", "draft", step="patient"),
    "referrals:check": _referrer_page("referrals:check", "draft"),
    "referrals:done": _referrer_page("referrals:done"),
    "referrals:status": _referrer_page("referrals:status"),
    "referrals:queue": _team_page("referrals:queue"),
    "referrals:detail": _team_page("referrals:detail", with_referral=True),
    "referrals:waitlist": _team_page("referrals:waitlist"),
    "referrals:waitlist_pathway": _waitlist_pathway,
}
