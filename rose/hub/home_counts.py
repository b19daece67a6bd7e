"""The team's counts on the staff home page (rose.core.hooks.home_counts).

Each count is scoped to the user's programme and shown only to someone who may open the page it
links to; each says where the number comes from. The counts are read together in one query (one
`SELECT (SELECT COUNT(*) ...), ...`): each a subquery compiled by the ORM from its queryset."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import QuerySet
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
    counts: list[tuple[dict[str, Any], QuerySet[Any]]] = []
    if user.has_perm("referrals.triage"):
        counts.append(({"label": "Referrals to triage", "href": reverse("referrals:queue"),
                        "source": "Submitted, in review or waiting for more information"},
                       triage_queue(user=user, status="open")))
    if user.has_perm("patients.view_task"):
        counts.append(({"label": "Urgent tasks", "href": reverse("messaging:worklist") + "?show=urgent",
                        "source": "Open team tasks marked urgent, such as red-flag texts"},
                       open_tasks_for_user(user=user).filter(priority="urgent")))
    if user.has_perm("plans.view_clinic"):
        start, end = _today_bounds()
        counts.append(({"label": "Clinic appointments today", "href": reverse("plans:clinics"),
                        "source": "Booked one-to-one appointments today"},
                       Booking.objects.filter(programme_id=user.programme_id, status=BookingStatus.BOOKED,
                                              slot__starts_at__gte=start, slot__starts_at__lt=end)))
    if user.has_perm("plans.view_plan"):
        counts.append(({"label": "Letters not delivered", "href": "",
                        "source": "Plan letters to GP practices that failed to send"},
                       LetterDelivery.objects.filter(programme_id=user.programme_id, state=DeliveryState.FAILED)))
    numbers = count_together([queryset for _, queryset in counts])
    return [{**card, "count": number} for (card, _), number in zip(counts, numbers, strict=True)]


def count_together(querysets: list[QuerySet[Any]]) -> list[int]:
    """Each queryset's `.count()`, in one query: `SELECT (SELECT COUNT(*) FROM (<rows>) ...), ...`."""
    if not querysets:
        return []
    parts: list[str] = []
    params: list[Any] = []
    for index, queryset in enumerate(querysets):
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        # The ORM's own SQL with its values as parameters: nothing typed by anyone is put in the string.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [int(number) for number in row]
