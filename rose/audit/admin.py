"""The hardening every Django admin page gets (issue 12), applied by rose/config/urls.py before the
admin's URLs are built:

- models that hold secrets (TOTP keys, recovery codes, API token hashes) are unregistered, so no
  admin page shows or edits them, whoever signs in;
- every admin page view and every addition, change and deletion writes an audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from rose.audit.models import AuditAction
from rose.audit.services import audit_log

# app_label.model_name of models whose rows are secrets: no admin page may show or edit them.
SECRET_MODELS = frozenset({
    "otp_totp.totpdevice",  # TOTP keys
    "otp_static.staticdevice",  # recovery codes
    "otp_static.statictoken",
    "referrals.apitoken",  # FHIR API token hashes: managed on the app's API tokens page
})


def _audit_admin(request: HttpRequest, action: str, obj: Model | None = None, **detail: Any) -> None:
    audit_log(action=action, actor=request.user, obj=obj, request=request, detail={"admin": True, **detail})


def _audited_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated and request.method == "GET" and response.status_code == 200:
            _audit_admin(request, AuditAction.VIEW, object_id=str(kwargs.get("object_id", ""))[:64])
        return response

    return wrapped


def _audit_changes(model_admin: admin.ModelAdmin) -> None:
    """Every addition, change and deletion through this admin writes an audit row (the field labels
    that changed, never their values). A ModelAdmin whose saves go through an audited service says
    so with `audits_own_changes = True` (it must then refuse deletion or audit it too)."""
    log_addition, log_change, log_deletions = (model_admin.log_addition, model_admin.log_change,
                                               model_admin.log_deletions)

    def addition(request: HttpRequest, obj: Model, message: Any) -> Any:
        _audit_admin(request, AuditAction.CREATE, obj)
        return log_addition(request, obj, message)

    def change(request: HttpRequest, obj: Model, message: Any) -> Any:
        fields = sorted({name for entry in (message or []) if isinstance(entry, dict)
                         for name in entry.get("changed", {}).get("fields", [])})
        _audit_admin(request, AuditAction.UPDATE, obj, fields=fields)
        return log_change(request, obj, message)

    def deletions(request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            _audit_admin(request, AuditAction.DELETE, obj)
        return log_deletions(request, queryset)

    model_admin.log_addition = addition  # type: ignore[method-assign]
    model_admin.log_change = change  # type: ignore[method-assign]
    model_admin.log_deletions = deletions  # type: ignore[method-assign]


def harden_admin_site(site: admin.AdminSite) -> None:
    """Remove secret-holding models and audit every page and change. Idempotent."""
    if getattr(site, "rose_hardened", False):
        return
    for model in list(site._registry):
        if model._meta.label_lower in SECRET_MODELS:
            site.unregister(model)
    for model_admin in site._registry.values():
        if not getattr(model_admin, "audits_own_changes", False):
            _audit_changes(model_admin)
    original = site.admin_view

    def admin_view(view: Callable[..., HttpResponse], cacheable: bool = False) -> Callable[..., HttpResponse]:
        return original(_audited_view(view), cacheable)

    site.admin_view = admin_view  # type: ignore[method-assign, assignment]
    site.rose_hardened = True  # type: ignore[attr-defined]
