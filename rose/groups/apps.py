import datetime as dt

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "rose.groups"
    label = "groups"
    verbose_name = "Group programme"

    def ready(self) -> None:
        from rose.core import hooks, periodic
        from rose.groups import demo, services
        from rose.groups.panels import group_panel
        from rose.messaging import hooks as messaging
        from rose.patients import hooks as patients

        periodic.register("groups.waitlist_promotion", every=dt.timedelta(days=1), func=services.waitlist_promote_all)
        periodic.register("groups.reminders", every=dt.timedelta(minutes=15), func=services.reminders_queue_due)
        periodic.register("groups.offer_expiry", every=dt.timedelta(hours=1), func=services.offers_expire)
        messaging.reply_handler.register(services.handle_offer_reply)
        patients.patient_panel.register(group_panel)
        hooks.demo_data.register(demo.add_demo_groups)
