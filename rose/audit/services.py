"""The Auditor: services and views call these explicitly (never model signals)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rose.audit.models import AuditAction, AuditEvent


def _client_ip(request: HttpRequest) -> str | None:
    # Behind a trusted proxy REMOTE_ADDR is the proxy; production sets the real address
    # through the proxy's own header handling (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def _actor(actor: Any) -> tuple[Any, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "anonymous"
    return actor, actor.email


def audit_log(
    *,
    action: AuditAction | str,
    actor: Any = None,
    actor_label: str | None = None,
    obj: Any = None,
    patient: Any = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. `detail` must hold ids and codes only, never personal data."""
    user, label = _actor(actor)
    patient_id = getattr(patient, "pk", patient)
    programme_id = getattr(patient, "programme_id", None) or getattr(user, "programme_id", None)
    match = getattr(request, "resolver_match", None) if request is not None else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or label,
        action=str(action),
        object_type=obj._meta.label if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and hasattr(obj, "pk") else "",
        patient_id=patient_id,
        programme_id=programme_id,
        ip_address=_client_ip(request) if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        path_name=(match.view_name if match else "")[:120],
        detail=detail or {},
    )


def audit_view(request: HttpRequest, *, obj: Any = None, patient: Any = None,
               detail: dict[str, Any] | None = None) -> AuditEvent:
    """The view helper: record that the signed-in user looked at patient data."""
    return audit_log(action=AuditAction.VIEW, actor=request.user, obj=obj, patient=patient,
                     request=request, detail=detail)
