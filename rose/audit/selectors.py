"""Reads of the audit log for the "who looked at this patient" and "what did this user look at" pages."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from rose.audit.models import AuditEvent


def audit_events_for_patient(*, patient_id: uuid.UUID, programme_id: uuid.UUID | None) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(patient_id=patient_id, programme_id=programme_id).select_related("actor")


def audit_events_for_actor(*, actor_id: uuid.UUID, programme_id: uuid.UUID | None) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=actor_id, programme_id=programme_id).select_related("actor")
