"""Values every page needs: the CSP nonce, the asset path and the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def frontend(request: HttpRequest) -> dict[str, Any]:
    return {
        "cspNonce": getattr(request, "csp_nonce", ""),
        "assetPath": f"{settings.STATIC_URL}nhsuk/assets",
        "service_name": settings.ROSE_SERVICE_NAME,
        "demo_mode": settings.DEBUG and settings.ROSE_DEMO,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
    }
