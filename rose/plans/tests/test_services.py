import datetime as dt
import itertools
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.accounts.roles import Role
from rose.patients.models import Task
from rose.plans import selectors, services
from rose.plans.models import BookingStatus, PlanDocument, PlanStatus, SlotMode
from rose.plans.tests.factories import NO_FLAGS, approved_plan, consultation_for, draft_plan, prescriber_for

pytestmark = pytest.mark.django_db


def _slot(programme, days=3):
    return services.slot_create(actor=prescriber_for(programme), starts_at=timezone.now() + dt.timedelta(days=days),
                                duration_minutes=30, mode=SlotMode.TELEPHONE)


def test_only_a_prescriber_publishes_slots(make_user):
    with pytest.raises(ValidationError):
        services.slot_create(actor=make_user(Role.NURSE), starts_at=timezone.now() + dt.timedelta(days=1),
                             duration_minutes=30, mode=SlotMode.VIDEO)


def test_in_person_slot_needs_a_location(programme):
    with pytest.raises(ValidationError):
        services.slot_create(actor=prescriber_for(programme), starts_at=timezone.now() + dt.timedelta(days=1),
                             duration_minutes=30, mode=SlotMode.IN_PERSON, location=" ")


def test_a_slot_cannot_be_booked_twice(programme, patient, make_user):
    slot = _slot(programme)
    coordinator = make_user(Role.COORDINATOR)
    services.booking_create(slot=slot, patient=patient, actor=coordinator)
    with pytest.raises(ValidationError, match="just been booked"):
        services.booking_create(slot=slot, patient=patient, actor=coordinator)


def test_rebooking_moves_the_patient_to_the_new_slot_and_frees_the_old(programme, patient, make_user):
    coordinator = make_user(Role.COORDINATOR)
    first, second = _slot(programme, 3), _slot(programme, 5)
    booking = services.booking_create(slot=first, patient=patient, actor=coordinator)
    booking = services.booking_set_outcome(booking=booking, status=BookingStatus.REBOOKED, actor=coordinator,
                                           new_slot=second)
    assert booking.rebooked_to.slot == second
    assert [s.pk for s in selectors.open_slots_for_user(user=coordinator)] == [first.pk]
    assert [c.to_status for c in booking.status_changes.all()] == ["booked", "rebooked"]


def test_an_outcome_cannot_be_recorded_twice(programme, patient, make_user):
    coordinator = make_user(Role.COORDINATOR)
    booking = services.booking_create(slot=_slot(programme), patient=patient, actor=coordinator)
    services.booking_set_outcome(booking=booking, status=BookingStatus.DNA, actor=coordinator)
    with pytest.raises(ValidationError, match="already did not attend"):
        services.booking_set_outcome(booking=booking, status=BookingStatus.ATTENDED, actor=coordinator)


def test_consultation_stores_ome_with_its_table_and_peg_score(patient):
    consultation = consultation_for(patient)
    assert consultation.ome["total_ome_mg_per_day"] == 60
    assert consultation.ome["table"] == "opioids-aware-2020"
    assert consultation.peg_score == Decimal("6.0")


def test_consultation_must_answer_every_red_flag(patient):
    with pytest.raises(ValidationError, match="Answer every red flag"):
        services.consultation_record(patient=patient, actor=prescriber_for(patient.programme),
                                     regimen={"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 60}]},
                                     regimen_corrected=True, red_flags={"low_mood": False}, peg_pain=1,
                                     peg_enjoyment=1, peg_activity=1, goals="x", decision="start_plan",
                                     decision_notes="x")


def test_red_flag_at_consultation_pauses_the_plan_and_raises_an_urgent_task(patient):
    plan = approved_plan(patient)
    consultation_for(patient, red_flags=None) if False else None
    services.consultation_record(patient=patient, actor=prescriber_for(patient.programme),
                                 regimen=plan.consultation.regimen, regimen_corrected=False,
                                 red_flags={**NO_FLAGS, "sedation": True}, peg_pain=5, peg_enjoyment=5,
                                 peg_activity=5, goals="x", decision="not_now", decision_notes="Review sedation")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert plan.status_changes.last().reason.startswith("Red flag")
    assert Task.objects.filter(patient=patient, priority="urgent", kind="plan_review").exists()


def test_red_flag_without_a_plan_still_raises_a_task(patient):
    services.consultation_record(patient=patient, actor=prescriber_for(patient.programme),
                                 regimen={"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 60}]},
                                 regimen_corrected=True, red_flags={**NO_FLAGS, "low_mood": True}, peg_pain=5,
                                 peg_enjoyment=5, peg_activity=5, goals="x", decision="specialist",
                                 decision_notes="x")
    assert Task.objects.filter(patient=patient, priority="urgent").count() == 1


def test_plan_pause_for_red_flag_contract(patient):
    assert services.plan_pause_for_red_flag(patient=patient, reason="no plan") is False
    draft = draft_plan(patient)
    assert services.plan_pause_for_red_flag(patient=patient, reason="draft only") is False
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    plan = approved_plan(patient)
    assert services.plan_pause_for_red_flag(patient=patient, reason="text reply") is True
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert Task.objects.filter(patient=patient, kind="plan_review", priority="urgent").exists()


def test_draft_plan_is_version_one_and_not_current(patient):
    plan = draft_plan(patient)
    assert plan.latest_version.number == 1
    assert plan.status == PlanStatus.DRAFT
    assert selectors.current_plan_for_patient(patient=patient) is None
    assert selectors.plan_current_step(plan=plan, on=timezone.localdate() + dt.timedelta(days=8)) == (None, None)


def test_current_step_comes_from_the_approved_version_only(patient):
    start = timezone.localdate()
    plan = approved_plan(patient, start=start)
    services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=7, reason="Holiday")
    plan.refresh_from_db()
    current, upcoming = selectors.plan_current_step(plan=plan, on=start + dt.timedelta(days=15))
    assert plan.latest_version.number == 2
    assert current["step"] == 2 and current["kind"] == "engine"  # version 1: no hold yet
    assert upcoming["step"] == 3
    assert selectors.current_plan_for_patient(patient=patient) == plan


def test_hold_shifts_later_steps_and_keeps_the_dose(patient):
    plan = draft_plan(patient)
    before = plan.latest_version.steps
    version = services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=2, days=10, reason="Wedding")
    steps = version.steps
    assert len(steps) == len(before) + 1
    assert steps[2]["kind"] == "hold" and steps[2]["ome_mg_per_day"] == before[1]["ome_mg_per_day"]
    assert steps[2]["days"] == 10
    assert dt.date.fromisoformat(steps[3]["start_date"]) == dt.date.fromisoformat(before[2]["start_date"]) + \
        dt.timedelta(days=10)
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))


def _adjust(plan, number, *, units, start=None, end=None, **kwargs):
    step = plan.latest_version.steps[number - 1]
    return services.plan_step_adjust(
        plan=plan, actor=plan.created_by, step_number=number, units=[Decimal(u) for u in units],
        start_date=start or dt.date.fromisoformat(step["start_date"]),
        end_date=end or dt.date.fromisoformat(step["end_date"]), reason=kwargs.pop("reason", "Patient request"),
        **kwargs)


def test_hand_adjusted_step_is_rechecked_by_the_engine(patient):
    plan = draft_plan(patient)
    step2 = plan.latest_version.steps[1]
    units = [adm["units"] for adm in step2["administrations"]]
    version = _adjust(plan, 2, units=units)
    assert version.number == 2 and version.steps[1]["kind"] == "manual"
    assert version.steps[1]["ome_mg_per_day"] == step2["ome_mg_per_day"]
    assert plan.versions.get(number=1).steps[1]["kind"] == "engine"  # old versions stay readable


def test_an_increase_needs_an_override_with_a_reason(patient):
    plan = draft_plan(patient)
    step2 = plan.latest_version.steps[1]
    more = [adm["units"] + 1 for adm in step2["administrations"]]
    with pytest.raises(services.PlanChangeError) as caught:
        _adjust(plan, 2, units=more)
    assert any("increase" in message for message in caught.value.override)
    version = _adjust(plan, 2, units=more, override=True, override_reason="Severe withdrawal, agreed")
    assert "override" in version.steps[1]["reason"]


def test_a_cut_above_the_maximum_needs_an_override(patient):
    plan = draft_plan(patient)
    step1 = plan.latest_version.steps[0]
    with pytest.raises(services.PlanChangeError) as caught:
        _adjust(plan, 1, units=[0] * (len(step1["administrations"]) - 1) + [1])
    assert any("maximum step" in message for message in caught.value.override)


def test_impossible_dose_is_refused_with_the_engines_reason(patient):
    plan = draft_plan(patient)
    step = plan.latest_version.steps[1]
    with pytest.raises(services.PlanChangeError) as caught:
        _adjust(plan, 2, units=[Decimal("0.5")] * len(step["administrations"]), override=True, override_reason="x")
    assert caught.value.refused and "cannot be given" in caught.value.refused[0]


def test_dates_before_the_start_and_overlaps_are_refused(patient):
    plan = draft_plan(patient)
    steps = plan.latest_version.steps
    units = [adm["units"] for adm in steps[0]["administrations"]]
    start = dt.date.fromisoformat(steps[0]["start_date"])
    with pytest.raises(services.PlanChangeError, match="before the plan starts"):
        _adjust(plan, 1, units=units, start=start - dt.timedelta(days=1))
    units2 = [adm["units"] for adm in steps[1]["administrations"]]
    with pytest.raises(services.PlanChangeError, match="overlaps step 1"):
        _adjust(plan, 2, units=units2, start=start + dt.timedelta(days=3))
    with pytest.raises(services.PlanChangeError, match="overlaps step 3"):
        _adjust(plan, 2, units=units2, end=dt.date.fromisoformat(steps[2]["start_date"]))


def test_a_stale_edit_is_refused(patient):
    plan = draft_plan(patient)
    services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=7, reason="x")
    with pytest.raises(ValidationError, match="Someone else saved version 2"):
        services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=7, reason="x", based_on=1)


def test_only_a_prescriber_approves_and_approval_records_the_register(patient, make_user):
    plan = draft_plan(patient)
    with pytest.raises(ValidationError, match="Only a prescribing clinician"):
        services.plan_approve(plan=plan, actor=make_user(Role.NURSE), version_number=1)
    prescriber = prescriber_for(patient.programme)
    approval = services.plan_approve(plan=plan, actor=prescriber, version_number=1)
    assert (approval.approver_name, approval.professional_register, approval.registration_number) == (
        prescriber.full_name, "GMC", "7000001")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.approved_version.number == 1


def test_approval_makes_both_pdfs_with_the_doses_and_dates(patient, django_capture_on_commit_callbacks):
    plan = draft_plan(patient, start=dt.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(plan=plan, actor=prescriber_for(patient.programme), version_number=1)
    documents = {d.kind: d for d in PlanDocument.objects.filter(version__plan=plan)}
    assert set(documents) == {"patient_plan", "easy_read", "gp_letter"}
    assert all(bytes(d.pdf).startswith(b"%PDF") for d in documents.values())
    html = documents["patient_plan"].html
    assert "Monday 4 January to Sunday 17 January:" in html
    assert "at 8am" in html and "at 8pm" in html
    assert "overdose" in html and "DRAFT" not in html
    letter = documents["gp_letter"].html
    assert "GMC 7000001" in letter and "Supply for the step" in letter
    printed = pdf_text(bytes(documents["patient_plan"].pdf))
    assert "Monday 4 January to Sunday 17 January:" in printed
    assert "at 8am" in printed and "at 8pm" in printed and "overdose" in printed
    assert "GMC 7000001" in pdf_text(bytes(documents["gp_letter"].pdf))


def pdf_text(data: bytes) -> str:
    """The text a reader of the PDF sees (poppler's pdftotext), with line wrapping undone."""
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_slow_down_regenerates_the_remaining_steps_from_todays_dose(patient):
    start = timezone.localdate() - dt.timedelta(days=20)
    plan = approved_plan(patient, start=start)
    version = services.plan_slow_down(plan=plan, actor=plan.created_by, on=timezone.localdate(), percent=5,
                                      interval_days=28, reason="Struggling")
    kept = [s for s in plan.approved_version.steps if dt.date.fromisoformat(s["start_date"]) <= timezone.localdate()]
    assert version.steps[:len(kept) - 1] == kept[:-1]
    # From 50 mg the smallest real cut (to 45 mg, 10%) is bigger than the chosen 5%: the engine
    # stays on today's dose for one more 28-day interval (within a quarter of the rate), then cuts.
    # That hold is today's step carrying on, so today's step is extended by 28 days rather than the
    # same dose printed twice in a row.
    today, changed, following = kept[-1], version.steps[len(kept) - 1], version.steps[len(kept)]
    assert {k: v for k, v in changed.items() if k not in ("end_date", "days")} == {
        k: v for k, v in today.items() if k not in ("end_date", "days")}
    assert changed["days"] == today["days"] + 28
    day = dt.date.fromisoformat
    assert day(changed["end_date"]) == day(today["end_date"]) + dt.timedelta(days=28)
    assert float(following["ome_mg_per_day"]) == 45.0
    assert day(following["start_date"]) == day(changed["end_date"]) + dt.timedelta(days=1)
    doses = [float(s["ome_mg_per_day"]) for s in version.steps]
    assert all(a != b for a, b in itertools.pairwise(doses)), doses


def test_pause_resume_stop_write_transition_rows(patient):
    plan = approved_plan(patient)
    actor = plan.created_by
    services.plan_pause(plan=plan, actor=actor, reason="Bereavement")
    services.plan_resume(plan=plan, actor=actor)
    services.plan_stop(plan=plan, actor=actor, reason="Moved away")
    assert [c.to_status for c in plan.status_changes.all()] == ["active", "paused", "active", "stopped"]
    with pytest.raises(ValidationError):
        services.plan_resume(plan=plan, actor=actor)


def test_doses_only_against_an_approved_plan(patient):
    with pytest.raises(ValidationError):
        services.dose_record(plan=draft_plan(patient), actor=None, taken_on=timezone.localdate(),
                             ome_mg_per_day=Decimal(50))


def test_the_referrals_report_gets_days_from_referral_to_first_attended_appointment(programme, patient, make_user):
    from rose.plans.models import BookingStatus, ClinicSlot
    from rose.referrals.reports import referral_report
    from rose.referrals.tests.factories import ReferralFactory

    coordinator = make_user(Role.COORDINATOR)
    ReferralFactory(programme=programme, patient=patient, submitted_at=timezone.now() - dt.timedelta(days=12))
    booking = services.booking_create(slot=_slot(programme, days=3), patient=patient, actor=coordinator)
    ClinicSlot.objects.filter(pk=booking.slot_id).update(starts_at=timezone.now() - dt.timedelta(days=2))
    booking.refresh_from_db()
    services.booking_set_outcome(booking=booking, status=BookingStatus.ATTENDED, actor=coordinator)
    report = referral_report(user=coordinator)
    assert report["first_appointment"] == {"average_days": 10.0, "count": 1}


def test_when_the_programme_turns_on_medicine_names_the_nudges_say_what_to_take(patient):
    from rose.messaging.models import OutboundMessage
    from rose.patients.services import consent_record

    patient.programme.sms_drug_names = True
    patient.programme.save()
    consent_record(patient=patient, kind="texts", given=True, source="staff")
    plan = approved_plan(patient, start=timezone.localdate() + dt.timedelta(days=1))
    steps = plan.approved_version.steps
    nudges = list(OutboundMessage.objects.filter(patient=patient, purpose="plan_step_nudge").order_by("send_after"))
    assert len(nudges) == len(steps) - 1
    assert "From tomorrow: one morphine" in nudges[0].body and "modified-release tablet" in nudges[0].body
    assert not steps[-1]["administrations"]  # the plan ends at zero, so the last text says what to stop
    assert nudges[-1].body.startswith("Tomorrow your ROSE reduction plan moves to its next step. "
                                      "From tomorrow: stop taking morphine")
    checkins = OutboundMessage.objects.filter(patient=patient, purpose="checkin_dose")
    assert checkins.exists() and all("morphine" not in m.body.lower() for m in checkins)


def test_nudge_text_names_patches_and_stops_only_when_asked():
    from rose.plans.services.lifecycle import NUDGE_TEXT, nudge_text

    patch = {"product": "Fentanyl 12micrograms/hour transdermal patches", "units": "1", "unit": "patch",
             "time": "change every 72 hours"}
    before, after = {"administrations": [patch]}, {"administrations": []}
    assert nudge_text(previous=before, step=after, named=False) == NUDGE_TEXT
    assert "fentanyl" not in NUDGE_TEXT.lower()
    named = nudge_text(previous=before, step=after, named=True)
    assert "From tomorrow: stop taking fentanyl 12micrograms/hour transdermal patches." in named
    named = nudge_text(previous=before, step={"administrations": [patch]}, named=True)
    assert ("From tomorrow: one fentanyl 12micrograms/hour transdermal patch: take off the old patch and put on a "
            "new one every 3 days (72 hours).") in named


def test_an_approved_plan_schedules_weekly_check_ins_and_pausing_cancels_them(patient):
    from rose.messaging.models import MessageStatus, OutboundMessage
    from rose.patients.services import consent_record

    consent_record(patient=patient, kind="texts", given=True, source="staff")
    plan = approved_plan(patient, start=timezone.localdate() + dt.timedelta(days=1))
    checkins = OutboundMessage.objects.filter(patient=patient, purpose="checkin_dose")
    steps = plan.approved_version.steps
    weeks = (dt.date.fromisoformat(steps[-1]["start_date"]) - dt.date.fromisoformat(steps[0]["start_date"])).days // 7
    assert checkins.count() == weeks > 0
    assert all("YES or NO" in m.body and "morphine" not in m.body.lower() for m in checkins)
    nudges = OutboundMessage.objects.filter(patient=patient, purpose="plan_step_nudge")
    assert nudges.count() == len(steps) - 1
    assert all("morphine" not in m.body.lower() and "mg" not in m.body for m in nudges)
    services.plan_pause(plan=plan, actor=plan.created_by, reason="Unwell")
    assert not checkins.exclude(status=MessageStatus.CANCELLED).exists()


def test_a_hold_gets_no_next_step_text_only_real_dose_changes_do(patient):
    """A hold (the same dose for longer) or a step that repeats today's dose changes nothing tomorrow:
    no "your plan moves to its next step" text for it, but every real change still gets one."""
    from rose.messaging.models import OutboundMessage
    from rose.patients.services import consent_record
    from rose.plans.steps import dose_key as _dose_key

    consent_record(patient=patient, kind="texts", given=True, source="staff")
    plan = draft_plan(patient, start=timezone.localdate() + dt.timedelta(days=3))
    services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=14, reason="Holiday")
    plan.refresh_from_db()
    services.plan_approve(plan=plan, actor=prescriber_for(patient.programme), version_number=2)
    plan.refresh_from_db()
    steps = plan.approved_version.steps
    assert steps[1]["kind"] == "hold" and _dose_key(steps[1]) == _dose_key(steps[0])
    changes = sum(1 for before, after in itertools.pairwise(steps) if _dose_key(before) != _dose_key(after))
    nudges = OutboundMessage.objects.filter(patient=patient, purpose="plan_step_nudge")
    assert nudges.count() == changes == len(steps) - 2
    hold_eve = dt.date.fromisoformat(steps[1]["start_date"]) - dt.timedelta(days=1)
    assert not [m for m in nudges if timezone.localtime(m.send_after).date() == hold_eve]
