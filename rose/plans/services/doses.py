"""The dose a patient actually took, recorded by staff (text check-ins are read from messaging)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.patients.services import timeline_add
from rose.plans.models import DoseRecord, DoseSource, Plan

if TYPE_CHECKING:
    from rose.accounts.models import User


@transaction.atomic
def dose_record(*, plan: Plan, actor: User, taken_on: dt.date, ome_mg_per_day: Decimal, note: str = "",
                source: str = DoseSource.STAFF) -> DoseRecord:
    if plan.approved_version_id is None:
        raise ValidationError("Doses are recorded against an approved plan only")
    record = DoseRecord.objects.create(plan=plan, taken_on=taken_on, ome_mg_per_day=ome_mg_per_day, note=note,
                                       source=source,
                                       recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=record, patient=plan.patient_id)
    timeline_add(patient=plan.patient_id, kind="dose_recorded", actor=actor, source=record,
                 summary=f"Dose taken recorded for {taken_on:%d/%m/%Y}")
    return record
