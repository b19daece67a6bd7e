"""Staff calculation API: POST /api/v1/calculations/ome and /api/v1/calculations/taper.

Signed-in staff with two-factor (session cookie plus CSRF token), JSON in and JSON out.
Refusals are JSON too: 401 when not signed in or not two-factor verified, 403 without the
permission, 415 when the body is not JSON, 400 with {"errors": [...]} on bad input.
The OpenAPI 3 document describing these routes is served at /api/v1/openapi.json.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from rose.medicines.jsonio import parse_json, run
from rose.medicines.openapi import openapi_document

PERM = "medicines.calculate"


def _errors(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"field": field, "message": message}]}, status=status)


def api_view(view: Callable[[HttpRequest], JsonResponse]) -> Callable[[HttpRequest], JsonResponse]:
    """Verified staff with the permission, else a JSON 401/403 (never a redirect to sign-in)."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> JsonResponse:
        user = request.user
        if not user.is_authenticated:
            return _errors(401, "authentication", "sign in as staff first")
        # Demo mode (DEBUG and ROSE_DEMO) switches two-factor off for every page; the referral
        # form's live OME total calls this API, so it follows the same rule as the pages.
        demo = settings.DEBUG and settings.ROSE_DEMO
        if not demo and not getattr(user, "is_verified", lambda: False)():
            return _errors(401, "authentication", "complete two-factor authentication first")
        if not user.has_perm(PERM):
            return _errors(403, "permission", "your role may not use the calculation API")
        return view(request)

    wrapped.required_permission = PERM  # type: ignore[attr-defined]
    return wrapped


def _calculate(request: HttpRequest, kind: str) -> JsonResponse:
    content_type = request.content_type or ""
    if content_type != "application/json":
        return _errors(415, "content_type", "send the request as application/json")
    value, errors = parse_json(request.body)
    if errors is not None:
        return JsonResponse(errors, status=400)
    ok, body = run(kind, value, programme=getattr(request.user, "programme", None))
    return JsonResponse(body, status=200 if ok else 400, json_dumps_params={"ensure_ascii": False})


@require_POST
@api_view
def ome(request: HttpRequest) -> JsonResponse:
    return _calculate(request, "ome")


@require_POST
@api_view
def taper(request: HttpRequest) -> JsonResponse:
    return _calculate(request, "taper")


def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3 document (public: it holds no data)."""
    return JsonResponse(openapi_document(server_url="/api/v1"), json_dumps_params={"indent": 1})


