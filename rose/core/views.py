"""Home, health and the static information pages."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from rose.core import hooks
from rose.core.selectors import recent_heartbeats

HEARTBEAT_STALE_AFTER = dt.timedelta(minutes=2)


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page for anyone signed out (the education hub, the calculator and a
    staff sign-in link); the staff home page, with the team's counts, for anyone signed in."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.jinja", {"page_title": "Reducing opioids safely"})
    counts = [count for answer in hooks.home_counts.collect(request.user) for count in answer]
    return render(request, "core/home.jinja", {"page_title": "Home", "counts": counts})


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return False


def _check_cache() -> bool:
    try:
        cache.set("rose-health", "ok", 10)
        return cache.get("rose-health") == "ok"
    except Exception:  # noqa: BLE001
        return False


def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the database and cache answer, 503 otherwise.
    Workers are reported (a stale heartbeat is a warning, not a reason to stop web traffic)."""
    database = _check_database()
    workers = []
    if database:
        now = timezone.now()
        for beat in recent_heartbeats(since=now - dt.timedelta(hours=1)):
            workers.append({"worker_id": beat.worker_id, "last_beat_at": beat.last_beat_at.isoformat(),
                            "age_seconds": int((now - beat.last_beat_at).total_seconds()),
                            "stale": now - beat.last_beat_at > HEARTBEAT_STALE_AFTER})
    body: dict[str, object] = {"database": "ok" if database else "error",
                               "cache": "ok" if _check_cache() else "error",
                               "workers": workers,
                               "workers_ok": any(not w["stale"] for w in workers)}
    if database:
        for facts in hooks.health_facts.collect():
            body.update(facts)
    healthy = body["database"] == "ok" and body["cache"] == "ok"
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja", {"page_title": "Accessibility statement"})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.jinja", {"page_title": "Privacy"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.jinja", {"page_title": "Page not found"}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.jinja", {"page_title": "You cannot see this page"}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.jinja", {"page_title": "Sorry, there is a problem with the service"}, status=500)
