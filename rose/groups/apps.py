import datetime as dt

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "rose.groups"
    label = "groups"
    verbose_name = "Group programme"

    def ready(self) -> None:
        from rose.core import periodic
        from rose.core.demo_hooks import DEMO_HOOKS
        from rose.groups import demo, services
        from rose.groups.panels import group_panel
        from rose.messaging.hooks import REPLY_HANDLERS
        from rose.patients.views import PATIENT_PANEL_PROVIDERS

        periodic.register("groups.waitlist_promotion", every=dt.timedelta(days=1), func=services.waitlist_promote_all)
        periodic.register("groups.reminders", every=dt.timedelta(minutes=15), func=services.reminders_queue_due)
        periodic.register("groups.offer_expiry", every=dt.timedelta(hours=1), func=services.offers_expire)
        if services.handle_offer_reply not in REPLY_HANDLERS:
            REPLY_HANDLERS.append(services.handle_offer_reply)
        if group_panel not in PATIENT_PANEL_PROVIDERS:
            PATIENT_PANEL_PROVIDERS.append(group_panel)
        if demo.add_demo_groups not in DEMO_HOOKS:
            DEMO_HOOKS.append(demo.add_demo_groups)
