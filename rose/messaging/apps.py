import datetime as dt

from django.apps import AppConfig
from django.conf import settings


class MessagingConfig(AppConfig):
    name = "rose.messaging"
    label = "messaging"
    verbose_name = "Text messaging"

    def ready(self) -> None:
        from rose.core import hooks, periodic
        from rose.messaging import rules  # noqa: F401 - registers the perms
        from rose.messaging.demo import add_demo_messages
        from rose.messaging.dispatch import dispatch_due
        from rose.messaging.escalation import escalate_urgent
        from rose.messaging.inbound import poll_notify_received
        from rose.messaging.receipts import reconcile_pending
        from rose.messaging.selectors import messaging_health
        from rose.messaging.services import on_consent_change, on_patient_status_change
        from rose.messaging.worklist import on_task_done
        from rose.patients import hooks as patients

        patients.status_changed.register(on_patient_status_change)
        patients.task_done.register(on_task_done)
        patients.consent_changed.register(on_consent_change)
        hooks.health_facts.register(messaging_health)
        hooks.demo_data.register(add_demo_messages)
        seconds = float(getattr(settings, "ROSE_SMS_DISPATCH_EVERY_SECONDS", 5))
        periodic.register("messaging.dispatch", every=dt.timedelta(seconds=seconds), func=dispatch_due)
        periodic.register("messaging.poll_received", every=dt.timedelta(
            minutes=float(getattr(settings, "ROSE_SMS_POLL_RECEIVED_MINUTES", 10))), func=poll_notify_received)
        periodic.register("messaging.reconcile", every=dt.timedelta(hours=24), func=reconcile_pending)
        periodic.register("messaging.escalate", every=dt.timedelta(minutes=5), func=escalate_urgent)
