from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from rose.core.models import WorkerHeartbeat


def recent_heartbeats(*, since: dt.datetime, limit: int = 20) -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.filter(last_beat_at__gte=since).order_by("-last_beat_at")[:limit]
