"""The programme waitlist (the contract other apps use): add a patient, move an entry along
`WAITLIST_TRANSITIONS` (each an immutable row), change the pathway a patient needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.referrals.models import Referral, WaitlistEntry, WaitlistPathway, WaitlistStatus, WaitlistStatusChange

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.patients.models import Patient


@transaction.atomic
def waitlist_add(*, patient: Patient, referral: Referral | None = None, actor: User | None = None,
                 pathway: str = WaitlistPathway.BOTH) -> WaitlistEntry:
    from rose.patients.services import timeline_add

    pathway = WaitlistPathway(pathway)
    entry = WaitlistEntry.objects.create(patient=patient, programme_id=patient.programme_id, referral=referral,
                                         status=WaitlistStatus.WAITING, pathway=pathway, added_at=timezone.now())
    audit_log(action=AuditAction.CREATE, actor=actor, obj=entry, patient=patient,
              actor_label=None if actor else "system", detail={"status": entry.status, "pathway": pathway.value})
    timeline_add(patient=patient, kind="waitlist", summary=f"Added to the programme waitlist ({pathway.label.lower()})",
                 actor=actor, source=entry)
    return entry


WAITLIST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    WaitlistStatus.WAITING: (WaitlistStatus.OFFERED, WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED,
                             WaitlistStatus.REMOVED),
    WaitlistStatus.OFFERED: (WaitlistStatus.WAITING, WaitlistStatus.BOOKED, WaitlistStatus.ENROLLED,
                             WaitlistStatus.REMOVED),
    # Booked into a one-to-one clinic; a patient who needs both can still be offered a group place.
    WaitlistStatus.BOOKED: (WaitlistStatus.WAITING, WaitlistStatus.OFFERED, WaitlistStatus.ENROLLED,
                            WaitlistStatus.REMOVED),
    WaitlistStatus.ENROLLED: (WaitlistStatus.REMOVED, WaitlistStatus.WAITING),
    WaitlistStatus.REMOVED: (WaitlistStatus.WAITING,),
}


@transaction.atomic
def waitlist_set_status(*, entry: WaitlistEntry, status: str, actor: User | None = None,
                        reason: str = "") -> WaitlistEntry:
    """Move a waitlist entry (offered a course place, enrolled, removed). Writes an immutable row."""
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    status = WaitlistStatus(status)
    if entry.status == status:
        return entry
    if status not in WAITLIST_TRANSITIONS[entry.status]:
        raise ValidationError(f"A waitlist entry that is {entry.get_status_display().lower()} cannot become "
                              f"{status.label.lower()}")
    WaitlistStatusChange.objects.create(entry=entry, from_status=entry.status, to_status=status,
                                        actor=actor if getattr(actor, "is_authenticated", False) else None,
                                        reason=reason[:300], at=timezone.now())
    old = entry.status
    entry.status = status
    entry.save(update_fields=["status", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=entry, patient=entry.patient_id,
              actor_label=None if actor else "system", detail={"status": status, "from": old})
    return entry


@transaction.atomic
def waitlist_set_pathway(*, entry: WaitlistEntry, pathway: str, actor: User, reason: str = "") -> WaitlistEntry:
    """Change what a waiting patient needs (group course, one-to-one clinic or both): audited and on
    the patient's timeline with who changed it and why."""
    from rose.patients.services import timeline_add

    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    pathway = WaitlistPathway(pathway)
    if entry.pathway == pathway:
        return entry
    old = WaitlistPathway(entry.pathway)
    entry.pathway = pathway
    entry.save(update_fields=["pathway", "updated_at"])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=entry, patient=entry.patient_id,
              detail={"pathway": pathway.value, "from": old.value})
    summary = f"Waitlist: now needs {pathway.label.lower()} (was {old.label.lower()})"
    timeline_add(patient=entry.patient, kind="waitlist", actor=actor, source=entry,
                 summary=f"{summary}. {reason.strip()}" if reason.strip() else summary)
    return entry
