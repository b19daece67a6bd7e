"""Audit walk cases for clinics and plans pages (see tests/test_audit_walk.py)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans import services
from rose.plans.models import PlanDocument, SlotMode
from rose.plans.tests.factories import approved_plan, consultation_for, draft_plan, prescriber_for


def _slot(user):
    return services.slot_create(actor=prescriber_for(user.programme), starts_at=timezone.now() + dt.timedelta(days=2),
                                duration_minutes=30, mode=SlotMode.VIDEO)


def _clinics(make_user):
    user = make_user(Role.COORDINATOR)
    _slot(user)
    return user, reverse("plans:clinics")


def _book(make_user):
    user = make_user(Role.COORDINATOR)
    return user, reverse("plans:book", kwargs={"slot_id": _slot(user).pk})


def _outcome(make_user):
    user = make_user(Role.COORDINATOR)
    booking = services.booking_create(slot=_slot(user), patient=PatientFactory(programme=user.programme), actor=user)
    return user, reverse("plans:outcome", kwargs={"booking_id": booking.pk})


def _consultation_create(make_user):
    user = make_user(Role.PRESCRIBER)
    patient = PatientFactory(programme=user.programme)
    return user, reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})


def _consultation(name):
    def build(make_user):
        user = make_user(Role.PRESCRIBER)
        consultation = consultation_for(PatientFactory(programme=user.programme), clinician=user)
        return user, reverse(name, kwargs={"consultation_id": consultation.pk})
    return build


def _plan(name, approved=False, **kwargs):
    def build(make_user):
        user = make_user(Role.PRESCRIBER)
        make = approved_plan if approved else draft_plan
        plan = make(programme=user.programme, start=timezone.localdate() - dt.timedelta(days=3))
        return user, reverse(name, kwargs={"plan_id": plan.pk, **kwargs})
    return build


def _document(make_user):
    user = make_user(Role.NURSE)
    plan = approved_plan(programme=user.programme)
    document = PlanDocument.objects.create(version=plan.approved_version, kind="gp_letter", html="<p>x</p>",
                                           pdf=b"%PDF-1.7 test")
    return user, reverse("plans:document", kwargs={"document_id": document.pk})


CASES = {
    "plans:clinics": _clinics,
    "plans:book": _book,
    "plans:outcome": _outcome,
    "plans:consultation_create": _consultation_create,
    "plans:consultation": _consultation("plans:consultation"),
    "plans:plan_create": _consultation("plans:plan_create"),
    "plans:plan": _plan("plans:plan"),
    "plans:step": _plan("plans:step", number=2),
    "plans:hold": _plan("plans:hold"),
    "plans:slow_down": _plan("plans:slow_down", approved=True),
    "plans:diff": _plan("plans:diff"),
    "plans:approve": _plan("plans:approve"),
    "plans:dose_add": _plan("plans:dose_add", approved=True),
    "plans:status": _plan("plans:status", approved=True, action="pause"),
    "plans:document": _document,
}
