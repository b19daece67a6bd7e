"""Every read of clinics, consultations and plans, scoped to the user's programme (404 outside it)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from rose.messaging.models import Observation
from rose.plans.models import (
    IN_PROGRESS,
    OCCUPYING,
    Booking,
    BookingStatus,
    ClinicSlot,
    Consultation,
    DocumentKind,
    DoseRecord,
    Plan,
    PlanDocument,
    PlanStatus,
    PlanStatusChange,
    PlanVersion,
)
from rose.plans.steps import parse_date
from rose.referrals import selectors as referral_selectors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rose.accounts.models import User
    from rose.patients.models import Patient
    from rose.referrals.models import Referral, WaitlistEntry

_M = TypeVar("_M", bound=Model)


def _programme(user: User) -> Any:
    return getattr(user, "programme_id", None)


def _get(queryset: QuerySet[_M], pk: uuid.UUID | str, what: str) -> _M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:  # a missing or malformed id is a 404
        raise Http404(f"No such {what}") from exc


def upcoming_slots_for_user(*, user: User, since: dt.datetime | None = None, limit: int = 100) -> list[ClinicSlot]:
    """Slots from today on, each with its current booking (patient included) in `slot.current`."""
    since = since or timezone.now() - dt.timedelta(hours=12)
    return with_current(list(clinic_slots_for_user(user=user).filter(starts_at__gte=since)[:limit]))


def _london_midnight(day: dt.date) -> dt.datetime:
    from rose.plans.clinic_calendar import LONDON

    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


def clinic_slots_for_user(*, user: User, day: dt.date | None = None, from_day: dt.date | None = None,
                          clinician_id: uuid.UUID | None = None) -> QuerySet[ClinicSlot]:
    """The programme's published slots, soonest first: those on `day` (London time), or from the start
    of `from_day`, of one clinician if given. Live bookings (with the patient) are prefetched: slice
    or paginate, then pass the page to `with_current`. Three queries whatever the page size."""
    slots = ClinicSlot.objects.filter(programme_id=_programme(user), withdrawn=False)
    if day is not None:
        slots = slots.filter(starts_at__gte=_london_midnight(day),
                             starts_at__lt=_london_midnight(day + dt.timedelta(days=1)))
    elif from_day is not None:
        slots = slots.filter(starts_at__gte=_london_midnight(from_day))
    if clinician_id is not None:
        slots = slots.filter(clinician_id=clinician_id)
    live = Booking.objects.filter(status__in=OCCUPYING).select_related("patient")
    return (slots.select_related("clinician")
            .prefetch_related(Prefetch("bookings", queryset=live, to_attr="live_bookings"))
            .order_by("starts_at", "id"))


def with_current(slots: Iterable[ClinicSlot]) -> list[ClinicSlot]:
    """Each slot's booking that holds it (booked, attended or did not attend) as `slot.current`."""
    slots = list(slots)
    for slot in slots:
        # live_bookings is clinic_slots_for_user's Prefetch(to_attr=): the stubs type it on that queryset only,
        # and a page's object_list has lost it.
        live = slot.live_bookings  # type: ignore[attr-defined]
        slot.current = live[0] if live else None
    return slots


OUTCOME_WINDOW = dt.timedelta(days=14)


def bookings_awaiting_outcome_for_user(*, user: User) -> QuerySet[Booking]:
    """Booked appointments that have started (in the last 14 days) with no outcome recorded yet,
    oldest first, so they stay findable after their slot leaves the upcoming list."""
    now = timezone.now()
    return (Booking.objects.filter(programme_id=_programme(user), status=BookingStatus.BOOKED,
                                   slot__starts_at__lte=now, slot__starts_at__gte=now - OUTCOME_WINDOW)
            .select_related("slot__clinician", "patient").order_by("slot__starts_at", "id"))


def clinicians_for_user(*, user: User) -> list[User]:
    """The programme's active prescribing clinicians (who can hold clinic slots), by surname."""
    from django.contrib.auth import get_user_model

    from rose.accounts.roles import Role

    if not _programme(user):
        return []
    return list(get_user_model().objects.filter(programme_id=_programme(user), role=Role.PRESCRIBER, is_active=True)
                .order_by("last_name", "first_name", "id"))


def open_slots_for_user(*, user: User) -> QuerySet[ClinicSlot]:
    return (ClinicSlot.objects.filter(programme_id=_programme(user), starts_at__gt=timezone.now(), withdrawn=False)
            .exclude(bookings__status__in=OCCUPYING).select_related("clinician").order_by("starts_at", "id"))


def slot_get_for_user(*, user: User, slot_id: uuid.UUID | str) -> ClinicSlot:
    return _get(ClinicSlot.objects.filter(programme_id=_programme(user)).select_related("clinician"), slot_id,
                "slot")


def booking_get_for_user(*, user: User, booking_id: uuid.UUID | str) -> Booking:
    return _get(Booking.objects.filter(programme_id=_programme(user)).select_related(
        "slot__clinician", "patient"), booking_id, "booking")


def waiting_for_clinic(*, user: User) -> QuerySet[WaitlistEntry]:
    """The programme's waiting patients who need a one-to-one clinic (alone or with a group course),
    oldest first, as a query: slice it for a page or a form, count it for the total. Patients waiting
    for a group course only are offered group places, not clinics."""
    return _waiting(user)


def _waiting(user: User) -> QuerySet[WaitlistEntry]:
    from rose.referrals.models import PATHWAY_NEEDS_CLINIC

    return (referral_selectors.waitlist_for_user(user=user)
            .filter(status="waiting", pathway__in=PATHWAY_NEEDS_CLINIC).select_related("patient"))


def waitlist_entry_for_user(*, user: User, entry_id: uuid.UUID | str) -> WaitlistEntry:
    """One waiting entry of the user's programme, looked up in the database (not by listing them all)."""
    return _get(_waiting(user), entry_id, "waitlist entry")


def bookings_for_patient(*, patient: Patient) -> QuerySet[Booking]:
    return patient.clinic_bookings.select_related("slot__clinician").order_by("-slot__starts_at")


def consultation_get_for_user(*, user: User, consultation_id: uuid.UUID | str) -> Consultation:
    return _get(Consultation.objects.filter(programme_id=_programme(user)).select_related(
        "patient__programme", "clinician", "booking__slot"), consultation_id, "consultation")


def referral_for_patient(*, patient: Patient) -> Referral | None:
    """The patient's latest sent referral (scoped to the patient's programme), or None. One query."""
    return referral_selectors.latest_referral_for_patient(patient=patient)


def referral_regimen_for_patient(*, patient: Patient, referral: Referral | Literal[False] | None = False
                                 ) -> dict[str, Any] | None:
    if referral is False:
        referral = referral_for_patient(patient=patient)
    regimen = getattr(referral, "regimen", None)
    return regimen if regimen and regimen.get("items") else None


def plan_get_for_user(*, user: User, plan_id: uuid.UUID | str) -> Plan:
    return _get(Plan.objects.filter(programme_id=_programme(user)).select_related(
        "patient__programme", "patient__gp_practice", "approved_version__approval", "latest_version__approval",
        "consultation"), plan_id, "plan")


def plan_versions(*, plan: Plan) -> QuerySet[PlanVersion]:
    return (plan.versions.select_related("created_by", "approval").defer("steps", "request", "warnings")
            .order_by("-number"))


def plan_version(*, plan: Plan, number: int | None) -> PlanVersion:
    if number is None:
        return plan.latest
    version = plan.versions.select_related("created_by", "approval").filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    return version


def plan_status_history(*, plan: Plan) -> QuerySet[PlanStatusChange]:
    return plan.status_changes.select_related("actor").order_by("at")


def plan_documents(*, version: PlanVersion) -> QuerySet[PlanDocument]:
    return version.documents.defer("pdf", "html").order_by("kind")


def document_get_for_user(*, user: User, document_id: uuid.UUID | str) -> PlanDocument:
    return _get(PlanDocument.objects.filter(version__plan__programme_id=_programme(user))
                .select_related("version__plan__patient"), document_id, "document")


def current_plan_for_patient(*, patient: Patient) -> Plan | None:
    """Contract: the approved plan in progress (active or paused), or None. Drafts are never
    returned, so no other app can act on an unapproved plan."""
    return (Plan.objects.filter(patient=patient, status__in=IN_PROGRESS).exclude(approved_version=None)
            .select_related("approved_version").order_by("-created_at").first())


def plan_for_panel(*, patient: Patient) -> Plan | None:
    """The plan the patient page shows: in progress first, else the newest draft. One query, with the
    approved version's steps (the panel's current and next step) but not its request and warnings, nor
    the latest version or the approval, which the panel does not show."""
    plans = list(Plan.objects.filter(patient=patient, status__in=[*IN_PROGRESS, PlanStatus.DRAFT])
                 .select_related("approved_version").defer("approved_version__request", "approved_version__warnings")
                 .order_by("-created_at")[:5])
    in_progress = [p for p in plans if p.status in IN_PROGRESS and p.approved_version_id]
    return (in_progress or plans)[0] if plans else None


def plan_current_step(*, plan: Plan, on: dt.date) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Contract: (current step, next step) on a day, from the APPROVED version only."""
    version = plan.approved_version
    if version is None:
        return None, None
    current = next_step = None
    for step in version.steps:
        start, end = parse_date(step["start_date"]), parse_date(step["end_date"])
        if start <= on <= end:
            current = step
        elif start > on:
            next_step = step
            break
    return current, next_step


def actual_doses(*, plan: Plan) -> list[tuple[dt.date, Decimal]]:
    """Doses recorded by staff, plus 'took my dose as planned' text answers (the planned dose that day)."""
    doses = {record.taken_on: record.ome_mg_per_day for record in
             DoseRecord.objects.filter(plan=plan).only("taken_on", "ome_mg_per_day").order_by("taken_on")}
    if plan.approved_version is not None:
        answers = Observation.objects.filter(patient_id=plan.patient_id, kind="dose_as_planned",
                                             observed_at__date__gte=parse_date(plan.approved_version.start_date))
        from rose.plans.presenters import planned_ome_on

        for answer in answers.only("observed_at", "value_number", "value_text"):
            day = timezone.localdate(answer.observed_at)
            said_yes = answer.value_number == 1 or str(answer.value_text).lower() in {"yes", "y", "true"}
            planned = planned_ome_on(plan.approved_version.steps, day)
            if said_yes and planned is not None and day not in doses:
                doses[day] = Decimal(str(planned))
    return sorted(doses.items())


DOCUMENT_KINDS = DocumentKind


def first_appointment_stats(*, user: User) -> dict[str, Any] | None:
    """Days from referral to first attended one-to-one, for the referrals report.

    Registered in rose.referrals.hooks.first_appointment_stats. Two grouped queries,
    whatever the number of patients."""
    from django.db.models import Min

    from rose.plans.models import Booking, BookingStatus
    from rose.referrals.models import Referral

    programme_id = getattr(user, "programme_id", None)
    if not programme_id:
        return None
    firsts = dict(Booking.objects.filter(programme_id=programme_id, status=BookingStatus.ATTENDED)
                  .values("patient_id").annotate(first=Min("slot__starts_at")).values_list("patient_id", "first"))
    referred = dict(Referral.objects.filter(programme_id=programme_id, patient_id__in=list(firsts),
                                            submitted_at__isnull=False)
                    .values("patient_id").annotate(first=Min("submitted_at")).values_list("patient_id", "first"))
    days = [(firsts[p] - referred[p]).total_seconds() / 86400 for p in referred if firsts[p] >= referred[p]]
    return {"average_days": round(sum(days) / len(days), 1) if days else None, "count": len(days)}


def upcoming_appointments_for_patient(*, patient: Patient, limit: int = 5) -> list[Booking]:
    """The patient's booked one-to-one appointments from now on, soonest first (for the portal)."""
    from rose.plans.models import Booking, BookingStatus

    return list(Booking.objects.filter(patient=patient, status=BookingStatus.BOOKED,
                                       slot__starts_at__gte=timezone.now())
                .select_related("slot", "slot__clinician").order_by("slot__starts_at")[:limit])
