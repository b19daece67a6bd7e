"""Session lifetime and the two-factor gate for every staff page."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

# The only staff-account pages reachable with a password alone, by exact route name (never by
# prefix): sign in, the two-factor step (which also sets up a first authenticator) and sign out.
# Everything else under /accounts/ (administration, two-factor resets, activity logs) needs a
# verified session (issue 12: a prefix let a password-only administrator reset anyone's two-factor).
PRE_TWO_FACTOR_ROUTES = frozenset({"accounts:login", "accounts:two_factor", "accounts:logout"})

# Pages for patients and the public, which never need a staff session.
PUBLIC_PREFIXES = (
    "/static/",
    "/media/",
    "/healthz",
    "/calculator",
    "/hub",
    "/portal",
    "/p/",
    "/fhir/",
    "/messaging/callbacks/",
    "/accessibility",
    "/privacy",
    "/favicon",
    "/calendar/",
    "/groups/calendar/",
    "/learn",
    "/medicines/calculator",
    # The staff API answers 401/403 JSON itself rather than redirecting to a sign-in page.
    "/api/",
)


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request, or SESSION_ABSOLUTE_SECONDS in all.

    The last-seen time is written at most once every SESSION_TOUCH_SECONDS (default 60), not on every
    page: rewriting the session row on each request cost a database write per staff page. An idle
    session therefore ends between SESSION_IDLE_SECONDS minus SESSION_TOUCH_SECONDS and
    SESSION_IDLE_SECONDS after the last request: never later than the limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("rose_last_seen", now)
            started = request.session.setdefault("rose_started", now)
            if now - last > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "You were signed out because your session ended. Sign in again.")
                return redirect(settings.LOGIN_URL)
            if "rose_last_seen" not in request.session or now - last >= settings.SESSION_TOUCH_SECONDS:
                request.session["rose_last_seen"] = now
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """A signed-in staff user who has not passed two-factor is sent to verify first.

    Only when DEBUG and ROSE_DEMO are both on is the check skipped, and every page then
    shows a loud banner (see layout.jinja)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # django-otp's middleware adds it
            and not (settings.DEBUG and settings.ROSE_DEMO)
            and not is_reachable_before_two_factor(request.path_info)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)


def is_reachable_before_two_factor(path: str) -> bool:
    """A public page, or one of the three sign-in routes matched by name."""
    if path.startswith(PUBLIC_PREFIXES):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in PRE_TWO_FACTOR_ROUTES
