import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.plans import services
from rose.plans.models import Consultation, PlanDocument, PlanStatus, SlotMode
from rose.plans.tests.factories import approved_plan, consultation_for, draft_plan, prescriber_for
from tests.roles import check_roles

pytestmark = pytest.mark.django_db

CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]


def _slot(programme, days=2):
    return services.slot_create(actor=prescriber_for(programme), starts_at=timezone.now() + dt.timedelta(days=days),
                                duration_minutes=30, mode=SlotMode.TELEPHONE)


def test_clinic_pages_roles(client_for, programme):
    slot = _slot(programme)
    check_roles(client_for, reverse("plans:clinics"), CLINICAL)
    check_roles(client_for, reverse("plans:slot_create"), [Role.PRESCRIBER, Role.COORDINATOR])
    check_roles(client_for, reverse("plans:book", kwargs={"slot_id": slot.pk}),
                [Role.ADMIN, Role.COORDINATOR, Role.NURSE])
    booking = services.booking_create(slot=slot, patient=PatientFactory(programme=programme),
                                      actor=prescriber_for(programme))
    check_roles(client_for, reverse("plans:outcome", kwargs={"booking_id": booking.pk}), CLINICAL)


def test_plan_pages_roles_peers_never_see_plans(client_for, programme):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    ids = {"plan_id": plan.pk}
    check_roles(client_for, reverse("plans:plan", kwargs=ids), CLINICAL)
    check_roles(client_for, reverse("plans:diff", kwargs=ids), CLINICAL)
    check_roles(client_for, reverse("plans:dose_add", kwargs=ids), CLINICAL)
    check_roles(client_for, reverse("plans:approve", kwargs=ids), [Role.PRESCRIBER])
    for name in ("plans:hold", "plans:slow_down"):
        check_roles(client_for, reverse(name, kwargs=ids), [Role.PRESCRIBER, Role.NURSE])
    check_roles(client_for, reverse("plans:step", kwargs={**ids, "number": 1}), [Role.PRESCRIBER, Role.NURSE])
    check_roles(client_for, reverse("plans:status", kwargs={**ids, "action": "pause"}), [Role.PRESCRIBER, Role.NURSE])
    consultation = plan.consultation
    check_roles(client_for, reverse("plans:consultation", kwargs={"consultation_id": consultation.pk}), CLINICAL)
    check_roles(client_for, reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk}),
                [Role.PRESCRIBER, Role.NURSE])
    check_roles(client_for, reverse("plans:consultation_create", kwargs={"patient_id": plan.patient.pk}),
                [Role.PRESCRIBER, Role.NURSE])
    document = PlanDocument.objects.create(version=plan.approved_version, kind="patient_plan", html="x", pdf=b"%PDF")
    check_roles(client_for, reverse("plans:document", kwargs={"document_id": document.pk}), CLINICAL)


def test_peer_gets_no_plan_panel_and_the_team_does(client_for, make_user, programme, rf):
    from rose.plans.views.panel import plan_panel

    plan = approved_plan(programme=programme)
    request = rf.get("/")
    request.user = make_user(Role.PEER)
    assert plan_panel(request=request, patient=plan.patient) is None
    nurse = client_for(Role.NURSE)
    page = nurse.get(reverse("patients:detail", kwargs={"patient_id": plan.patient.pk}))
    assert "Reduction plan" in page.content.decode()


def test_plan_of_another_programme_is_404(client_for, other_programme):
    plan = draft_plan(programme=other_programme)
    assert client_for(Role.PRESCRIBER).get(reverse("plans:plan", kwargs={"plan_id": plan.pk})).status_code == 404


def test_draft_is_marked_not_for_use(client_for, programme):
    plan = draft_plan(programme=programme)
    client = client_for(Role.NURSE)
    for url in (reverse("plans:plan", kwargs={"plan_id": plan.pk}),
                reverse("patients:detail", kwargs={"patient_id": plan.patient.pk})):
        assert "Draft: not for use" in client.get(url).content.decode()


def test_only_a_prescriber_can_post_an_approval(client_for, programme):
    plan = draft_plan(programme=programme)
    url = reverse("plans:approve", kwargs={"plan_id": plan.pk})
    assert client_for(Role.NURSE).post(url, {"version": 1, "confirm": "on"}).status_code == 403
    response = client_for(Role.PRESCRIBER).post(url, {"version": 1, "confirm": "on"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_step_form_keeps_what_was_typed_and_explains_the_override(client_for, programme):
    plan = draft_plan(programme=programme)
    step = plan.latest_version.steps[1]
    client = client_for(Role.PRESCRIBER)
    data = {"start_date_day": step["start_date"][8:], "start_date_month": step["start_date"][5:7],
            "start_date_year": step["start_date"][:4], "end_date_day": step["end_date"][8:],
            "end_date_month": step["end_date"][5:7], "end_date_year": step["end_date"][:4],
            "reason": "Typed reason kept", "based_on": 1,
            **{f"units_{i}": adm["units"] + 2 for i, adm in enumerate(step["administrations"])}}
    response = client.post(reverse("plans:step", kwargs={"plan_id": plan.pk, "number": 2}), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "an increase" in body and "Typed reason kept" in body
    assert plan.versions.count() == 1


@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "0.333", "\x00", "9" * 300])
def test_bad_unit_input_never_500s(client_for, programme, value):
    plan = draft_plan(programme=programme)
    response = client_for(Role.PRESCRIBER).post(reverse("plans:step", kwargs={"plan_id": plan.pk, "number": 2}),
                                                {"units_0": value, "start_date_day": "x", "reason": value})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_consultation_form_bad_input_and_success(client_for, programme):
    client = client_for(Role.PRESCRIBER)
    patient = PatientFactory(programme=programme)
    url = reverse("plans:consultation_create", kwargs={"patient_id": patient.pk})
    bad = client.post(url, {"peg_pain": "11", "goals": "x" * 3000, "product_1": "Not a product", "decision": "zzz"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    data = {"regimen_confirmed": "no", "product_1": "Morphine 30mg modified-release tablets", "units_1": "1",
            "times_1": "2", "peg_pain": "6", "peg_enjoyment": "6", "peg_activity": "6", "goals": "Walk the dog",
            "decision": "start_plan", "decision_notes": "Agreed",
            **{f"flag_{code}": "no" for code in ("low_mood", "misuse", "sedation", "confusion", "pregnancy",
                                                  "withdrawal")}}
    assert client.post(url, data).status_code == 302
    consultation = Consultation.objects.get(patient=patient)
    assert consultation.ome["total_ome_mg_per_day"] == 60 and consultation.regimen_corrected


def test_plan_preview_then_save(client_for, programme):
    consultation = consultation_for(PatientFactory(programme=programme))
    client = client_for(Role.NURSE)
    url = reverse("plans:plan_create", kwargs={"consultation_id": consultation.pk})
    data = {"strategy": "percent-of-original", "percent": "10", "interval_days": "14", "start_date_day": "4",
            "start_date_month": "1", "start_date_year": "2027"}
    preview = client.post(url, {**data, "action": "preview"}).content.decode()
    assert "Preview of the dated steps" in preview and "Draft: not for use" in preview
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    assert consultation.plans.get().latest_version.number == 1


def _grow(plan, times):
    for _ in range(times):
        services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=1, days=7, reason="x")
        services.dose_record(plan=plan, actor=None, taken_on=timezone.localdate(), ome_mg_per_day=50)


@pytest.mark.parametrize("url_name", ["patients:detail", "plans:plan"])
def test_page_queries_do_not_grow_with_plan_history(client_for, programme, url_name, django_assert_max_num_queries):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    client = client_for(Role.NURSE)
    kwargs = {"patient_id": plan.patient.pk} if url_name == "patients:detail" else {"plan_id": plan.pk}
    url = reverse(url_name, kwargs=kwargs)
    _grow(plan, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, 15)
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert page.status_code == 200 and "Reduction plan" in page.content.decode()


def test_diff_shows_what_changed(client_for, programme):
    plan = draft_plan(programme=programme)
    services.plan_hold_insert(plan=plan, actor=plan.created_by, after_step=2, days=7, reason="Holiday")
    body = client_for(Role.NURSE).get(reverse("plans:diff", kwargs={"plan_id": plan.pk}) + "?a=1&b=2").content
    assert b"Now a hold" in body and b"Dates changed" in body


def test_pause_and_dose_record_through_the_pages(client_for, programme):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    client = client_for(Role.NURSE)
    assert client.post(reverse("plans:status", kwargs={"plan_id": plan.pk, "action": "pause"}),
                       {"reason": "Unwell"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert client.get(reverse("plans:status", kwargs={"plan_id": plan.pk, "action": "explode"})).status_code == 404
    today = timezone.localdate()
    response = client.post(reverse("plans:dose_add", kwargs={"plan_id": plan.pk}),
                           {"taken_on_day": today.day, "taken_on_month": today.month, "taken_on_year": today.year,
                            "ome_mg_per_day": "55"})
    assert response.status_code == 302 and plan.doses.count() == 1


def test_consultation_page_lists_the_referred_medicines_with_their_ome(client_for, programme):
    from rose.referrals.tests.factories import ReferralFactory

    patient = PatientFactory(programme=programme)
    ReferralFactory(programme=programme, patient=patient)
    response = client_for(Role.PRESCRIBER).get(reverse("plans:consultation_create", kwargs={"patient_id": patient.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "mg OME a day" in page and "Total 60 mg oral morphine equivalent a day" in page
