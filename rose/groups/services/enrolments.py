"""Places on a cohort: offers from the waitlist, replies (by staff or by text), lapses, withdrawals, and
filling freed places from the waitlist."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core.presenters import date as long_date
from rose.groups import integrations, selectors
from rose.groups.models import (
    ENROLMENT_TRANSITIONS,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    EnrolmentTransition,
)
from rose.groups.presenters import session_when
from rose.patients.services import task_create, timeline_add

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.messaging.models import InboundMessage
    from rose.patients.models import Patient
    from rose.referrals.models import WaitlistEntry

logger = logging.getLogger(__name__)


def _transition(enrolment: Enrolment, to: str, *, actor: User | None, via: str, reason: str = "") -> Enrolment:
    if to not in ENROLMENT_TRANSITIONS[enrolment.status or ""]:
        raise ValidationError(f"A place that is {enrolment.get_status_display().lower()} cannot change to "
                              f"{EnrolmentStatus(to).label.lower()}")
    previous = enrolment.status
    enrolment.status = to
    if enrolment._state.adding:
        enrolment.save()
    else:
        enrolment.save(update_fields=["status", "offered_at", "updated_at"])
    EnrolmentTransition.objects.create(
        enrolment=enrolment, from_status=previous or "", to_status=to, via=via, reason=reason[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None, at=timezone.now())
    audit_log(action=AuditAction.UPDATE if previous else AuditAction.CREATE, actor=actor, obj=enrolment,
              patient=enrolment.patient, actor_label=None if actor else "system",
              detail={"from": previous or "", "to": to, "via": via})
    return enrolment


def _entry_for(enrolment: Enrolment) -> Any:
    return selectors.waitlist_entry(entry_id=enrolment.waitlist_entry_id, programme_id=enrolment.cohort.programme_id)


def _check_can_offer(*, cohort: Cohort, patient: Patient) -> None:
    if cohort.status != CohortStatus.PLANNED or cohort.start_date <= timezone.localdate():
        raise ValidationError("Places can only be offered before the course starts")
    if selectors.free_places(cohort=cohort) <= 0:
        raise ValidationError("This cohort is full")
    if cohort.enrolments.filter(patient=patient).exists():
        raise ValidationError("This patient has already been offered a place on this cohort")
    clash = selectors.active_enrolment_elsewhere(patient=patient, cohort=cohort)
    if clash is not None:
        raise ValidationError(f"This patient already has a place on another active cohort ({clash.cohort.name})")


@transaction.atomic
def enrolment_offer(*, cohort: Cohort, entry: WaitlistEntry, actor: User | None = None) -> Enrolment:
    """Offer a waitlisted patient a place. The patient can reply YES or NO by text."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if entry.programme_id != cohort.programme_id or entry.status != "waiting":
        raise ValidationError("Only a patient who is waiting on this programme's waitlist can be offered a place")
    _check_can_offer(cohort=cohort, patient=entry.patient)
    enrolment = Enrolment(cohort=cohort, patient=entry.patient, waitlist_entry_id=entry.pk, status="",
                          offered_at=timezone.now())
    _transition(enrolment, EnrolmentStatus.OFFERED, actor=actor, via="staff" if actor else "system")
    integrations.waitlist_set_status(entry=entry, status="offered", actor=actor, reason="Offered a group place")
    timeline_add(patient=entry.patient, kind="group_offer", summary=f"Offered a place on {cohort.name}",
                 actor=actor, source=enrolment)
    first = cohort.sessions.order_by("starts_at").first()
    when = f" starting {session_when(first)}" if first else ""
    integrations.message_schedule(
        patient=entry.patient, purpose="group_offer", related=enrolment,
        body=f"ROSE: we can offer you a place on our group course{when}. Reply YES to take the place "
             f"or NO if you cannot come. Please reply by {long_date(offer_reply_by(enrolment))}.")
    return enrolment


def offer_reply_by(enrolment: Enrolment) -> dt.date:
    """The last day to answer an offer: `ROSE_GROUP_OFFER_DAYS` after it was made, and never later
    than the day before the course starts."""
    offered = timezone.localdate(enrolment.offered_at or timezone.now())
    return min(offered + dt.timedelta(days=settings.ROSE_GROUP_OFFER_DAYS),
               enrolment.cohort.start_date - dt.timedelta(days=1))


def offers_expire() -> int:
    """Hourly: an offer not answered by its reply-by date lapses. The patient goes back to the
    waitlist (keeping their place in the queue), the team gets a task to call them, any unsent
    offer text is cancelled, and the place is offered to the next person. One failure is logged
    and never stops the others."""
    today = timezone.localdate()
    lapsed = 0
    for enrolment_id in selectors.offers_past_reply_by(today=today, days=settings.ROSE_GROUP_OFFER_DAYS):
        try:
            lapsed += _offer_expire(enrolment_id=enrolment_id, today=today)
        except Exception:
            logger.exception("Could not lapse group offer %s", enrolment_id)
    return lapsed


@transaction.atomic
def _offer_expire(*, enrolment_id: uuid.UUID, today: dt.date) -> int:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment_id)
    if enrolment.status != EnrolmentStatus.OFFERED or offer_reply_by(enrolment) >= today:
        return 0  # answered (or changed) since the list was read
    days = settings.ROSE_GROUP_OFFER_DAYS
    _transition(enrolment, EnrolmentStatus.EXPIRED, actor=None, via="system",
                reason=f"No answer by {long_date(offer_reply_by(enrolment))}")
    _back_to_waitlist(enrolment, actor=None, reason="A group offer lapsed with no answer")
    integrations.message_cancel_for(related=enrolment)
    timeline_add(patient=enrolment.patient, kind="group_offer_lapsed",
                 summary=f"The offer of a place on {enrolment.cohort.name} lapsed with no answer", source=enrolment)
    task_create(patient=enrolment.patient, kind="group_offer_lapsed", source=enrolment,
                title=f"Call about a group offer with no answer in {days} days ({enrolment.cohort.name})")
    _offer_freed_place(enrolment.cohort)
    return 1


@transaction.atomic
def enrolment_accept(*, enrolment: Enrolment, actor: User | None = None, via: str = "staff") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.ENROLLED, actor=actor, via=via)
    integrations.message_cancel_for(related=enrolment, purpose="group_offer")  # the "Reply YES" text is stale
    entry = _entry_for(enrolment)
    if entry is not None:
        integrations.waitlist_set_status(entry=entry, status="enrolled", actor=actor, reason="Took a group place")
    timeline_add(patient=enrolment.patient, kind="group_enrolled", summary=f"Enrolled on {enrolment.cohort.name}",
                 actor=actor, source=enrolment)
    return enrolment


@transaction.atomic
def enrolment_decline(*, enrolment: Enrolment, actor: User | None = None, via: str = "staff",
                      reason: str = "") -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.DECLINED, actor=actor, via=via, reason=reason)
    integrations.message_cancel_for(related=enrolment, purpose="group_offer")  # the "Reply YES" text is stale
    _back_to_waitlist(enrolment, actor=actor, reason="Declined a group place")
    timeline_add(patient=enrolment.patient, kind="group_declined",
                 summary=f"Declined a place on {enrolment.cohort.name}", actor=actor, source=enrolment)
    _offer_freed_place(enrolment.cohort)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor: User, reason: str) -> Enrolment:
    """Withdraw with a reason: back to the waitlist; a place freed before the start is offered on."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the patient is withdrawing"})
    enrolment = Enrolment.objects.select_for_update().select_related("cohort", "patient").get(pk=enrolment.pk)
    _transition(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, via="staff", reason=reason)
    _back_to_waitlist(enrolment, actor=actor, reason="Withdrew from a group course")
    integrations.message_cancel_for(related=enrolment)
    timeline_add(patient=enrolment.patient, kind="group_withdrawn",
                 summary=f"Withdrew from {enrolment.cohort.name}", actor=actor, source=enrolment)
    _offer_freed_place(enrolment.cohort)
    return enrolment


def _back_to_waitlist(enrolment: Enrolment, *, actor: User | None, reason: str) -> None:
    entry = _entry_for(enrolment)
    if entry is not None and entry.status != "waiting":
        integrations.waitlist_set_status(entry=entry, status="waiting", actor=actor, reason=reason)


def _offer_freed_place(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.PLANNED and cohort.start_date > timezone.localdate():
        cohort_fill_from_waitlist(cohort=cohort)


@transaction.atomic
def cohort_fill_from_waitlist(*, cohort: Cohort, actor: User | None = None,
                              limit: int | None = None) -> list[Enrolment]:
    """Offer every free place to the longest-waiting eligible patients, oldest first."""
    free = selectors.free_places(cohort=cohort)
    if limit is not None:
        free = min(free, limit)
    offers: list[Enrolment] = []
    if free <= 0 or cohort.start_date <= timezone.localdate() or cohort.status != CohortStatus.PLANNED:
        return offers
    for entry in selectors.eligible_waitlist(cohort=cohort, limit=free):
        offers.append(enrolment_offer(cohort=cohort, entry=entry, actor=actor))
    return offers


def waitlist_promote_all() -> int:
    """Nightly: fill free places in every cohort that has not started yet. One cohort's failure is
    logged and never stops the others."""
    offered = 0
    for cohort in selectors.cohorts_with_free_places():
        try:
            offered += len(cohort_fill_from_waitlist(cohort=cohort))
        except Exception:
            logger.exception("Waitlist promotion failed for cohort %s", cohort.pk)
    return offered


# ---------------------------------------------------------------- text replies

YES_WORDS = {"YES", "Y", "YES PLEASE", "OK", "ACCEPT"}
NO_WORDS = {"NO", "N", "NO THANKS", "DECLINE"}


def handle_offer_reply(inbound: InboundMessage) -> bool:
    """messaging.hooks.reply_handler: YES/NO to the patient's open offer. Anything else falls through."""
    patient = getattr(inbound, "patient", None)
    if patient is None:
        return False
    word = " ".join((inbound.body or "").upper().replace(".", " ").replace("!", " ").split())
    if word not in YES_WORDS | NO_WORDS:
        return False
    enrolment = selectors.open_offer_for_patient(patient=patient)
    if enrolment is None:
        return False
    if word in YES_WORDS:
        try:
            enrolment_accept(enrolment=enrolment, via="text")
        except ValidationError:
            return False
    else:
        enrolment_decline(enrolment=enrolment, via="text", reason="Replied NO by text")
    return True
