import datetime as dt

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "rose.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from django.urls import reverse

        from rose.core.demo_hooks import DEMO_HOOKS
        from rose.core.periodic import register
        from rose.outcomes import services, summaries
        from rose.outcomes.demo import add_demo_outcomes
        from rose.outcomes.panels import outcomes_panel
        from rose.patients.access_links import LINK_DESTINATIONS
        from rose.patients.services import STATUS_CHANGE_HOOKS
        from rose.patients.views import PATIENT_PANEL_PROVIDERS

        LINK_DESTINATIONS[services.LINK_PURPOSE] = lambda link: reverse(
            "outcomes:portal_start", kwargs={"invitation_id": link.target})
        register("outcomes.schedule", every=dt.timedelta(hours=1), func=services.invitations_schedule_due)
        register("outcomes.reminders", every=dt.timedelta(minutes=15), func=services.reminders_send)
        register("outcomes.expire", every=dt.timedelta(hours=6), func=services.invitations_expire)
        register("outcomes.summaries", every=dt.timedelta(hours=1), func=summaries.summaries_refresh)
        if services.patient_status_changed not in STATUS_CHANGE_HOOKS:
            STATUS_CHANGE_HOOKS.append(services.patient_status_changed)
        if outcomes_panel not in PATIENT_PANEL_PROVIDERS:
            PATIENT_PANEL_PROVIDERS.append(outcomes_panel)
        if add_demo_outcomes not in DEMO_HOOKS:
            DEMO_HOOKS.append(add_demo_outcomes)
