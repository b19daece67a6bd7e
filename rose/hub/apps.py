from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setup_after_migrate(sender: Any, plan: Any = None, **kwargs: Any) -> None:
    """Build the hub after `migrate` (not after a test flush, which passes no plan)."""
    if plan is None:
        return
    from rose.hub.setup import hub_setup

    hub_setup()


class HubConfig(AppConfig):
    name = "rose.hub"
    label = "hub"
    verbose_name = "Education hub and patient portal"

    def ready(self) -> None:
        from django.urls import reverse

        from rose.core.demo_hooks import DEMO_HOOKS
        from rose.core.views import HOME_COUNT_PROVIDERS
        from rose.hub.demo import add_demo_data
        from rose.hub.home_counts import team_counts
        from rose.hub.record import actions_panel, appointments_panel, referral_panel, texts_panel
        from rose.hub.services import welcome_on_referral_accepted
        from rose.hub.views import learning_panel
        from rose.patients.access_links import LINK_DESTINATIONS
        from rose.patients.views import PATIENT_PANEL_PROVIDERS
        from rose.referrals.services import REFERRAL_ACCEPTED_HOOKS

        post_migrate.connect(_setup_after_migrate, sender=self, dispatch_uid="rose.hub.setup")
        LINK_DESTINATIONS["portal"] = lambda link: reverse("hub:portal_home")
        if learning_panel not in PATIENT_PANEL_PROVIDERS:
            PATIENT_PANEL_PROVIDERS.append(learning_panel)
        # The record as the team's hub: the referral and appointments first, texts and actions last.
        for position, panel in enumerate((referral_panel, appointments_panel)):
            if panel not in PATIENT_PANEL_PROVIDERS:
                PATIENT_PANEL_PROVIDERS.insert(position, panel)
        for panel in (texts_panel, actions_panel):
            if panel not in PATIENT_PANEL_PROVIDERS:
                PATIENT_PANEL_PROVIDERS.append(panel)
        if welcome_on_referral_accepted not in REFERRAL_ACCEPTED_HOOKS:
            REFERRAL_ACCEPTED_HOOKS.append(welcome_on_referral_accepted)
        if team_counts not in HOME_COUNT_PROVIDERS:
            HOME_COUNT_PROVIDERS.append(team_counts)
        if add_demo_data not in DEMO_HOOKS:
            DEMO_HOOKS.append(add_demo_data)
