import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.urls import reverse


def questionnaire_link_destination(link: Any) -> str | None:
    """patients.link_destination: a questionnaire link opens its questionnaire."""
    from rose.outcomes.services import LINK_PURPOSE

    if link.purpose != LINK_PURPOSE:
        return None
    return reverse("outcomes:portal_start", kwargs={"invitation_id": link.target})


class OutcomesConfig(AppConfig):
    name = "rose.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from rose.core import hooks
        from rose.core.periodic import register
        from rose.outcomes import services, summaries
        from rose.outcomes.demo import add_demo_outcomes
        from rose.outcomes.panels import outcomes_panel
        from rose.patients import hooks as patients

        patients.link_destination.register(questionnaire_link_destination)
        register("outcomes.schedule", every=dt.timedelta(hours=1), func=services.invitations_schedule_due)
        register("outcomes.reminders", every=dt.timedelta(minutes=15), func=services.reminders_send)
        register("outcomes.expire", every=dt.timedelta(hours=6), func=services.invitations_expire)
        register("outcomes.summaries", every=dt.timedelta(hours=1), func=summaries.summaries_refresh)
        patients.status_changed.register(services.patient_status_changed)
        patients.patient_panel.register(outcomes_panel)
        hooks.demo_data.register(add_demo_outcomes)
