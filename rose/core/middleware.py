"""Project-wide middleware: request ids and a nonce-based content security policy."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from rose.core.logging import request_id_var

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Take a well-formed X-Request-ID from the proxy or make one; echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    """A strict CSP with no 'unsafe-inline': the only inline script (NHS.UK's js-enabled
    class switch) carries a per-request nonce. Wagtail's admin needs inline styles, so
    /cms/ alone allows them for styles, never for scripts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy(request, nonce)
        return response

    @staticmethod
    def policy(request: HttpRequest, nonce: str) -> str:
        admin = request.path.startswith(("/cms/", "/django-admin/"))
        style = "'self' 'unsafe-inline'" if admin else "'self'"
        script = "'self'" if admin else f"'self' 'nonce-{nonce}'"
        return "; ".join(
            [
                "default-src 'self'",
                f"script-src {script}",
                f"style-src {style}",
                "img-src 'self' data:",
                # NHS.UK frontend's stylesheet loads the Frutiger font from the NHS asset server.
                "font-src 'self' data: https://assets.nhs.uk",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )


class NoStoreMiddleware:
    """Pages for signed-in staff and for patients (links, portal, questionnaires) are never stored by
    the browser or a shared proxy: no copy of a patient page is left in a clinic PC's cache or back
    history after sign-out (issue 12). A view that set its own Cache-Control keeps it."""

    PATIENT_PREFIXES = ("/p/", "/portal/", "/outcomes/q/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "Cache-Control" not in response and (
                getattr(user, "is_authenticated", False) or request.path.startswith(self.PATIENT_PREFIXES)):
            add_never_cache_headers(response)
        return response
