"""View decorators: signed in, two-factor verified (middleware) and holding a permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

if TYPE_CHECKING:
    from rose.accounts.models import User


class SignedInRequest(HttpRequest):
    """For type checking only: the request a `require_perm` (or `login_required`) view receives, whose user is
    a signed-in ROSE user rather than `User | AnonymousUser`. Django still passes a plain HttpRequest; a view
    annotates `request: SignedInRequest` so it can hand `request.user` to services that take a `User`."""

    user: User


def require_perm(perm: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Sign-in required (redirect), then the `rules` permission (403 when refused)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator
