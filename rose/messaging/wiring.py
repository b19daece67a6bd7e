"""Registrations with the platform's hook lists, done once from MessagingConfig.ready()."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

_connected = False


def health() -> dict[str, object]:
    from rose.messaging.selectors import oldest_due_age_seconds

    try:
        age = oldest_due_age_seconds()
    except Exception:  # noqa: BLE001 - the health page must answer even if this query fails
        return {"messaging_oldest_due_seconds": "error"}
    return {"messaging_oldest_due_seconds": age}


def connect() -> None:
    global _connected
    if _connected:
        return
    _connected = True
    from rose.core import periodic
    from rose.core.demo_hooks import DEMO_HOOKS
    from rose.core.views import HEALTH_PROVIDERS
    from rose.messaging import rules  # noqa: F401 - registers the perms
    from rose.messaging.demo import add_demo_messages
    from rose.messaging.dispatch import dispatch_due, reconcile_pending
    from rose.messaging.inbound import poll_notify_received
    from rose.messaging.services import on_consent_change, on_patient_status_change
    from rose.messaging.worklist import on_task_done
    from rose.patients.services import CONSENT_CHANGE_HOOKS, STATUS_CHANGE_HOOKS, TASK_DONE_HOOKS

    STATUS_CHANGE_HOOKS.append(on_patient_status_change)
    TASK_DONE_HOOKS.append(on_task_done)
    CONSENT_CHANGE_HOOKS.append(on_consent_change)
    HEALTH_PROVIDERS.append(health)
    DEMO_HOOKS.append(add_demo_messages)
    seconds = float(getattr(settings, "ROSE_SMS_DISPATCH_EVERY_SECONDS", 5))
    periodic.register("messaging.dispatch", every=dt.timedelta(seconds=seconds), func=dispatch_due)
    periodic.register("messaging.poll_received", every=dt.timedelta(
        minutes=float(getattr(settings, "ROSE_SMS_POLL_RECEIVED_MINUTES", 10))), func=poll_notify_received)
    periodic.register("messaging.reconcile", every=dt.timedelta(hours=24), func=reconcile_pending)
    from rose.messaging.escalation import escalate_urgent

    periodic.register("messaging.escalate", every=dt.timedelta(minutes=5), func=escalate_urgent)
