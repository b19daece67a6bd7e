"""The hooks referrals offers the apps above it (rose.core.hooks): register in AppConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rose.core.hooks import Policy, hook

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import User
    from rose.patients.models import Patient
    from rose.referrals.models import Referral


@hook(policy=Policy.RAISE, registered_by="apps above referrals")
def referral_accepted(*, referral: Referral, patient: Patient, actor: User | None) -> None:
    """A referral was accepted and its patient exists (`referral_accept`), inside the acceptance's
    transaction (the hub's welcome text with the portal link)."""


@hook(policy=Policy.RAISE, registered_by="apps above referrals")
def referral_status_panel(*, request: HttpRequest, referral: Referral) -> dict[str, Any] | None:
    """A panel on the referrer's status page (`{"template", ...}`), or None for no panel."""


@hook(policy=Policy.RAISE, registered_by="apps above referrals (the app that books appointments)")
def first_appointment_stats(*, user: User) -> dict[str, Any] | None:
    """Time to first appointment for the reports page, `{"average_days": float | None, "count": int}`,
    scoped to the user; the first answer is shown ("Not available" without one)."""
