"""The structured consultation record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.medicines.services import ContractError, ome_calculate
from rose.patients.services import task_create, timeline_add
from rose.plans.models import Consultation, RedFlag
from rose.plans.services.lifecycle import plan_pause_for_red_flag

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.patients.models import Patient
    from rose.plans.models import Booking


def consultation_record(*, patient: Patient, actor: User, regimen: dict[str, Any], regimen_corrected: bool,
                        red_flags: dict[str, bool], booking: Booking | None = None, **fields: object) -> Consultation:
    """Save a consultation. Any red flag answered yes pauses a plan in progress and raises an
    urgent task, whether or not there is a plan."""
    missing = [flag.label for flag in RedFlag if flag.value not in red_flags]
    if missing:
        raise ValidationError(f"Answer every red flag question: {', '.join(missing)}")
    try:
        ome = ome_calculate(regimen=regimen, programme=patient.programme)
    except ContractError as exc:
        raise ValidationError("; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)) from exc
    with transaction.atomic():
        consultation = Consultation.objects.create(
            patient=patient, programme_id=patient.programme_id, booking=booking, clinician=actor, regimen=regimen,
            regimen_corrected=regimen_corrected, ome=ome, red_flags=red_flags, **fields)
        audit_log(action=AuditAction.CREATE, actor=actor, obj=consultation, patient=patient)
        timeline_add(patient=patient, kind="consultation", summary="One-to-one consultation recorded", actor=actor,
                     source=consultation)
        raised = consultation.flags_raised
        if raised:
            labels = ", ".join(RedFlag(code).label.lower() for code in raised)
            paused = plan_pause_for_red_flag(patient=patient, reason=f"consultation ({labels})",
                                             source=consultation)
            if not paused:
                task_create(patient=patient, kind="red_flag_consultation", priority="urgent", source=consultation,
                            actor=actor, title=f"Red flag at consultation: {labels}")
    return consultation
