"""The team's counts on the staff home page (rose.core.hooks.home_counts).

Each count is one query, scoped to the user's programme, and shown only to someone who may open
the page it links to. Each says where the number comes from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone


def _today_bounds() -> tuple[dt.datetime, dt.datetime]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


def team_counts(user: Any) -> list[dict[str, Any]]:
    from rose.letters.models import DeliveryState, LetterDelivery
    from rose.patients.selectors import open_tasks_for_user
    from rose.plans.models import Booking, BookingStatus
    from rose.referrals.selectors import triage_queue

    if not getattr(user, "programme_id", None):
        return []
    counts = []
    if user.has_perm("referrals.triage"):
        counts.append({"label": "Referrals to triage", "href": reverse("referrals:queue"),
                       "count": triage_queue(user=user, status="open").count(),
                       "source": "Submitted, in review or waiting for more information"})
    if user.has_perm("patients.view_task"):
        counts.append({"label": "Urgent tasks", "href": reverse("messaging:worklist") + "?show=urgent",
                       "count": open_tasks_for_user(user=user).filter(priority="urgent").count(),
                       "source": "Open team tasks marked urgent, such as red-flag texts"})
    if user.has_perm("plans.view_clinic"):
        start, end = _today_bounds()
        booked = Booking.objects.filter(programme_id=user.programme_id, status=BookingStatus.BOOKED,
                                        slot__starts_at__gte=start, slot__starts_at__lt=end)
        counts.append({"label": "Clinic appointments today", "href": reverse("plans:clinics"),
                       "count": booked.count(), "source": "Booked one-to-one appointments today"})
    if user.has_perm("plans.view_plan"):
        failed = LetterDelivery.objects.filter(programme_id=user.programme_id, state=DeliveryState.FAILED)
        counts.append({"label": "Letters not delivered", "href": "",
                       "count": failed.count(), "source": "Plan letters to GP practices that failed to send"})
    return counts
