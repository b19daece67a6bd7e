"""The Auditor: services and views call these explicitly (never model signals)."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

from rose.audit.models import AuditAction, AuditEvent


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind a reverse proxy REMOTE_ADDR is the proxy's, so the deployment names
    the header its proxy sets (ROSE_CLIENT_IP_HEADER, for example X-Forwarded-For) and how many proxies
    of its own stand in front (ROSE_TRUSTED_PROXY_COUNT): the address is read that many places from the
    right, because entries further left come from the client and can be forged. No header configured,
    or a malformed one: REMOTE_ADDR."""
    header = getattr(settings, "ROSE_CLIENT_IP_HEADER", "")
    if header:
        entries = [entry for entry in request.headers.get(header, "").split(",") if entry.strip()]
        hops = max(1, getattr(settings, "ROSE_TRUSTED_PROXY_COUNT", 1))
        if len(entries) >= hops:
            found = _valid_ip(entries[-hops])
            if found:
                return found
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


# Who did it: the signed-in user (the project's user model; audit imports no domain app, so Django's base
# class names it), an anonymous visitor, or nobody (the system).
Actor = AbstractBaseUser | AnonymousUser | None
# The patient a row is about: the record or its primary key.
PatientRef = Model | uuid.UUID | str | None


def _actor(actor: Actor) -> tuple[Any, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "anonymous"
    return actor, actor.get_username()


def audit_log(
    *,
    action: AuditAction | str,
    actor: Actor = None,
    actor_label: str | None = None,
    obj: Model | None = None,
    patient: PatientRef = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. `detail` must hold ids and codes only, never personal data."""
    event = audit_entry(action=action, actor=actor, actor_label=actor_label, obj=obj, patient=patient,
                        request=request, detail=detail)
    event.save(force_insert=True)
    return event


def audit_log_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write many rows made by `audit_entry` in one statement (a batch of work, one row per object)."""
    return AuditEvent.objects.bulk_create(events, batch_size=1000)


def audit_entry(
    *,
    action: AuditAction | str,
    actor: Actor = None,
    actor_label: str | None = None,
    obj: Model | None = None,
    patient: PatientRef = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """The unsaved row `audit_log` writes (for `audit_log_many`)."""
    user, label = _actor(actor)
    patient_id = patient.pk if isinstance(patient, Model) else patient
    programme_id = getattr(patient, "programme_id", None) or getattr(user, "programme_id", None)
    match = getattr(request, "resolver_match", None) if request is not None else None
    return AuditEvent(
        actor=user,
        actor_label=actor_label or label,
        action=str(action),
        object_type=obj._meta.label if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and hasattr(obj, "pk") else "",
        patient_id=patient_id,
        programme_id=programme_id,
        ip_address=client_ip(request) if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        path_name=(match.view_name if match else "")[:120],
        detail=detail or {},
    )


def audit_view(request: HttpRequest, *, obj: Model | None = None, patient: PatientRef = None,
               detail: dict[str, Any] | None = None) -> AuditEvent:
    """The view helper: record that the signed-in user looked at patient data."""
    return audit_log(action=AuditAction.VIEW, actor=request.user, obj=obj, patient=patient,
                     request=request, detail=detail)


def audit_list(request: HttpRequest, *, action: AuditAction | str = AuditAction.VIEW,
               patient_ids: Iterable[object] = (), obj: Model | None = None,
               detail: dict[str, Any] | None = None) -> AuditEvent:
    """A list page's audit row: which patients it showed (their record ids, in the order shown, each
    once), so "who saw this patient" also finds lists and search results. `obj` is the thing the list
    belongs to, if any (a cohort, a group session)."""
    ids = list(dict.fromkeys(str(pid) for pid in patient_ids if pid))
    return audit_log(action=action, actor=request.user, obj=obj, request=request,
                     detail={**(detail or {}), "patient_ids": ids})
