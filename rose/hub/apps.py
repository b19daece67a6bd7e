from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse


def _setup_after_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """Build the hub after `migrate` (not after a test flush, which passes no plan)."""
    if plan is None:
        return
    from rose.hub.setup import hub_setup

    hub_setup()


def portal_link_destination(link: Any) -> str | None:
    """patients.link_destination: a portal link opens the portal's home."""
    return reverse("hub:portal_home") if link.purpose == "portal" else None


class HubConfig(AppConfig):
    name = "rose.hub"
    label = "hub"
    verbose_name = "Education hub and patient portal"

    def ready(self) -> None:
        from rose.core import hooks
        from rose.hub.demo import add_demo_data
        from rose.hub.home_counts import team_counts
        from rose.hub.record import actions_panel, appointments_panel, referral_panel, texts_panel
        from rose.hub.services import welcome_on_referral_accepted
        from rose.hub.views import learning_panel
        from rose.patients import hooks as patients
        from rose.referrals import hooks as referrals

        post_migrate.connect(_setup_after_migrate, sender=self, dispatch_uid="rose.hub.setup")
        patients.link_destination.register(portal_link_destination)
        patients.patient_panel.register(learning_panel)
        # The record as the team's hub: the referral and appointments first, texts and actions last.
        patients.patient_panel.register(referral_panel, order=-1)
        patients.patient_panel.register(appointments_panel, order=-1)
        patients.patient_panel.register(texts_panel)
        patients.patient_panel.register(actions_panel)
        referrals.referral_accepted.register(welcome_on_referral_accepted)
        hooks.home_counts.register(team_counts)
        hooks.demo_data.register(add_demo_data)
