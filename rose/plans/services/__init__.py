"""Plans services: one module per concept, re-exported here (the public names other apps call)."""

from rose.plans.services.authoring import (
    PlanChangeError,
    plan_approve,
    plan_create,
    plan_hold_insert,
    plan_preview,
    plan_slow_down,
    plan_step_adjust,
    taper_request,
)
from rose.plans.services.clinics import booking_create, booking_set_outcome, slot_create
from rose.plans.services.consultations import consultation_record
from rose.plans.services.documents import plan_documents_generate
from rose.plans.services.doses import dose_record
from rose.plans.services.lifecycle import (
    nudges_schedule,
    plan_pause,
    plan_pause_for_red_flag,
    plan_resume,
    plan_stop,
    plan_text_check,
    red_flag_from_text,
)

__all__ = [
    "PlanChangeError", "booking_create", "booking_set_outcome", "consultation_record", "dose_record",
    "nudges_schedule", "plan_approve", "plan_create", "plan_documents_generate", "plan_hold_insert", "plan_pause",
    "plan_pause_for_red_flag", "plan_preview", "plan_resume", "plan_slow_down", "plan_step_adjust", "plan_stop",
    "plan_text_check", "red_flag_from_text", "slot_create", "taper_request",
]
