"""Staff pages, roles, phone entry, dose outcomes, dashboards, exports, FHIR and loading instruments."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.outcomes import exports, report, selectors, services, summaries
from rose.outcomes.exports import study_id
from rose.outcomes.models import DashboardCell, Instrument, Response
from rose.outcomes.tests.factories import answer, event, invite, response
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example_wellbeing.json"


def pair(patient, peg_before, peg_after, ome_before=None, ome_after=None):
    # Dashboards and exports count only patients who consented to evaluation (test_evaluation_consent.py).
    consent_record(patient=patient, kind="evaluation", given=True, source="staff")
    base = invite(patient, "baseline", send=False)
    follow = invite(patient, "month_3", send=False)
    answer(base, "peg", {"p": peg_before, "e": peg_before, "g": peg_before})
    answer(follow, "peg", {"p": peg_after, "e": peg_after, "g": peg_after})
    if ome_before is not None:
        services.dose_snapshot_record(patient=patient, event=base.event, ome_mg=Decimal(ome_before), source="test")
        services.dose_snapshot_record(patient=patient, event=follow.event, ome_mg=Decimal(ome_after),
                                      stopped=ome_after == 0, source="test")
    return base, follow


# ------------------------------------------------------------------ roles

def test_patient_outcomes_page_roles(client_for, programme):
    patient = PatientFactory(programme=programme)
    check_roles(client_for, reverse("outcomes:patient", kwargs={"patient_id": patient.pk}), CLINICAL)


def test_phone_entry_roles(client_for, programme):
    patient = PatientFactory(programme=programme)
    resp = response(invite(patient, send=False), "peg")
    check_roles(client_for, reverse("outcomes:phone_entry", kwargs={"patient_id": patient.pk, "response_id": resp.pk}),
                CLINICAL)


def test_fhir_roles(client_for, programme):
    patient = PatientFactory(programme=programme)
    resp = response(invite(patient, send=False), "peg")
    check_roles(client_for, reverse("outcomes:response_fhir", kwargs={"response_id": resp.pk}),
                [*CLINICAL, Role.EVALUATOR])


def test_dashboard_roles(client_for):
    check_roles(client_for, reverse("outcomes:dashboard"), [*CLINICAL, Role.EVALUATOR])


def test_export_roles(client_for):
    check_roles(client_for, reverse("outcomes:export_index"), [Role.EVALUATOR])
    check_roles(client_for, reverse("outcomes:export_file", kwargs={"filename": "dictionary.csv"}), [Role.EVALUATOR])


def test_another_programmes_patient_is_not_found(client_for, other_programme):
    patient = PatientFactory(programme=other_programme)
    resp = response(invite(patient, send=False), "peg")
    nurse = client_for(Role.NURSE)
    assert nurse.get(reverse("outcomes:patient", kwargs={"patient_id": patient.pk})).status_code == 404
    assert nurse.get(reverse("outcomes:response_fhir", kwargs={"response_id": resp.pk})).status_code == 404
    assert client_for(Role.EVALUATOR).get(reverse("outcomes:response_fhir",
                                                  kwargs={"response_id": resp.pk})).status_code == 404


# ------------------------------------------------------------------ phone entry and patient page

def test_staff_enter_answers_from_a_phone_call_marked_as_such(client_for, programme):
    nurse = client_for(Role.NURSE)
    patient = PatientFactory(programme=programme)
    resp = response(invite(patient, send=False), "phq9")
    url = reverse("outcomes:phone_entry", kwargs={"patient_id": patient.pk, "response_id": resp.pk})
    data = {f"q{i}": "1" for i in range(1, 10)} | {"q9": "0"}
    refused = nurse.post(url, data)  # without confirming it was a phone call
    assert refused.status_code == 200 and b"Confirm the answers were given on a phone call" in refused.content
    assert b'value="1" checked' in refused.content  # input kept
    tampered = nurse.post(url, data | {"q1": "7", "confirm_phone": "on"})
    assert b"Select one of the answers shown" in tampered.content
    assert not resp.answers.exists()
    reply = nurse.post(url, data | {"q2": "", "confirm_phone": "on"})
    assert reply.status_code == 302
    resp.refresh_from_db()
    assert resp.mode == Response.Mode.PHONE and resp.entered_by == nurse.user
    # q2 recorded as not answered; prorated: 7 * 9 / 8 = 7.875 -> 8
    assert resp.score == Decimal(8) and resp.answers.filter(value__isnull=False).count() == 8
    assert resp.answers.get(item_code="q2").value is None
    page = nurse.get(reverse("outcomes:patient", kwargs={"patient_id": patient.pk}))
    assert b"Staff, from a phone call" in page.content and b"version 1" in page.content


def test_patient_page_query_count_is_constant(client_for, programme, django_assert_max_num_queries):
    nurse = client_for(Role.NURSE)
    nurse.get(reverse("core:home"))  # the session's first page writes its clocks; later ones do not
    small = PatientFactory(programme=programme)
    pair(small, 6, 4, 100, 50)
    big = PatientFactory(programme=programme)
    pair(big, 6, 4, 100, 50)
    for code in ("end_of_course", "month_6", "month_12"):
        answer(invite(big, code, send=False), "peg", {"p": 3, "e": 3, "g": 3})
    counts = []
    for patient in (small, big):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert nurse.get(reverse("outcomes:patient", kwargs={"patient_id": patient.pk})).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_dose_outcome_reduction_and_stopped_on_patient_page(client_for, programme):
    patient = PatientFactory(programme=programme)
    pair(patient, 6, 4, 120, 0)
    page = client_for(Role.NURSE).get(reverse("outcomes:patient", kwargs={"patient_id": patient.pk}))
    assert b"100.0%" in page.content and b"test" in page.content


def test_dose_change_is_not_calculated_without_a_baseline():
    assert services.dose_change(None, Decimal(10)) is None
    assert services.dose_change(Decimal(0), Decimal(0)) is None
    assert services.dose_change(Decimal(90), Decimal(45)) == Decimal("50.0")


def test_dose_snapshot_without_a_plan_records_why_there_is_no_number(patient):
    snapshot = services.dose_snapshot_from_plan(patient=patient, event=event(patient.programme, "baseline"))
    assert snapshot.ome_mg is None and "No reduction plan and no OME on the referral" in snapshot.note
    snapshot = services.dose_snapshot_from_plan(patient=patient, event=event(patient.programme, "month_3"))
    assert snapshot.ome_mg is None and "No approved reduction plan" in snapshot.note


# ------------------------------------------------------------------ dashboards

def test_summary_numbers_match_hand_worked_pairs(programme):
    a, b, c = (PatientFactory(programme=programme) for _ in range(3))
    pair(a, 8, 5, 100, 40)   # PEG -37.5%: responder; OME -60%: responder
    pair(b, 6, 5, 100, 60)   # PEG -16.7%: not; OME -40%: not
    pair(c, 4, 4, 50, 0)     # PEG 0%; stopped
    summaries.refresh_programme(programme.pk)
    cells = {(c.section, c.metric): c for c in DashboardCell.objects.filter(programme=programme, dimension="all",
                                                                              period="all")}
    peg = cells[("outcome", "peg:month_3")]
    assert peg.n == 3 and peg.value == Decimal("6.00") and peg.value2 == Decimal("4.67")
    assert (cells[("responder", "peg30:month_3")].n, cells[("responder", "peg30:month_3")].value) == (3, 1)
    assert cells[("responder", "ome50:month_3")].value == 2  # 60% and 100%
    assert cells[("responder", "stopped:month_3")].value == 1
    ome = cells[("outcome", "ome:month_3")]
    assert ome.value == Decimal("83.33") and ome.value2 == Decimal("33.33")
    assert DashboardCell.objects.filter(programme=programme, dimension="practice").exists()


def test_dashboard_shows_chart_and_table_with_constant_queries(client_for, programme, django_assert_max_num_queries):
    nurse = client_for(Role.NURSE)
    nurse.get(reverse("core:home"))  # the session's first page writes its clocks; later ones do not
    pair(PatientFactory(programme=programme), 8, 5, 100, 40)
    summaries.refresh_programme(programme.pk)
    with django_assert_max_num_queries(12) as small:
        first = nurse.get(reverse("outcomes:dashboard"))
    for _ in range(6):
        pair(PatientFactory(programme=programme), 7, 3, 80, 20)
    summaries.refresh_programme(programme.pk)
    with django_assert_max_num_queries(12) as large:
        second = nurse.get(reverse("outcomes:dashboard") + "?dimension=practice&period=all")
    assert len(small.captured_queries) == len(large.captured_queries)
    assert b"<svg" in first.content and b"<caption" in first.content
    assert b"PEG improved by 30% or more" in second.content


def test_dashboard_names_the_conversion_tables_its_ome_figures_came_from(client_for, programme, make_user):
    """Every number says where it came from: the OME rows name each conversion table and version used."""
    for table in ("opioids-aware-2020 2026.1", "fpm-2021 2026.2"):
        patient = PatientFactory(programme=programme)
        pair(patient, 8, 5)
        services.dose_snapshot_record(patient=patient, event=event(programme, "baseline"), ome_mg=Decimal(90),
                                      source=f"Plan starting dose; OME table {table}")
        services.dose_snapshot_record(patient=patient, event=event(programme, "month_3"), ome_mg=Decimal(40),
                                      source=f"Recorded dose on 2026-11-01; OME table {table}")
    summaries.refresh_programme(programme.pk)
    page = client_for(Role.NURSE).get(reverse("outcomes:dashboard")).content.decode()
    assert "conversion tables fpm-2021 2026.2, opioids-aware-2020 2026.1 (table and version" in page
    assert services.doses.ome_table("Referral total OME") == ""
    nurse = make_user(role=Role.NURSE)
    quarter = selectors.report_quarters(user=nurse)[0]
    printed = render_to_string("outcomes/report_quarterly.jinja",
                               report.quarterly_report_context(user=nurse, quarter=quarter))
    assert "conversion tables fpm-2021 2026.2, opioids-aware-2020 2026.1 (table and version)" in printed
    exported = list(exports.dose_rows(user=make_user(role=Role.EVALUATOR)))  # each row names its own table
    assert sorted(row[-1] for row in exported) == ["fpm-2021 2026.2"] * 2 + ["opioids-aware-2020 2026.1"] * 2


def test_dashboard_bad_filters_fall_back_without_error(client_for):
    reply = client_for(Role.COORDINATOR).get(reverse("outcomes:dashboard") + "?dimension=%00x&period=1999")
    assert reply.status_code == 200 and b"Select a valid option" in reply.content


def test_evaluator_dashboard_suppresses_small_numbers(client_for, programme):
    pair(PatientFactory(programme=programme), 8, 5)
    summaries.refresh_programme(programme.pk)
    page = client_for(Role.EVALUATOR).get(reverse("outcomes:dashboard"))
    assert b"Fewer than 5" in page.content and b"Download de-identified data" in page.content


# ------------------------------------------------------------------ exports

IDENTIFIERS = ("nhs_number", "given_name", "family_name", "mobile", "postcode")


def _identifiers(patient):
    values = [getattr(patient, f) for f in IDENTIFIERS if getattr(patient, f)]
    values += [patient.date_of_birth.isoformat(), patient.date_of_birth.strftime("%d/%m/%Y"), str(patient.pk),
               patient.mobile.replace("+44", "0")]
    return values


def test_exports_contain_no_identifier_and_are_audited(client_for, programme):
    evaluator = client_for(Role.EVALUATOR)
    patient = PatientFactory(programme=programme, postcode="SK2 7JE", family_name="Zebedee")
    pair(patient, 8, 5, 100, 40)
    fft = response(invite(patient, "end_of_course", send=False), "fft")
    services.answers_save(response=fft, answers={"experience": 1, "why": "Nurse Jackie was SECRETWORD kind"},
                          mode="patient")
    services.response_complete(response=fft)
    files = {}
    for name in ("responses.csv", "answers.csv", "doses.csv", "dictionary.csv", "read_rose.R"):
        reply = evaluator.get(reverse("outcomes:export_file", kwargs={"filename": name}))
        assert reply.status_code == 200, name
        body = b"".join(reply.streaming_content) if reply.streaming else reply.content
        files[name] = body.decode()
        for value in [*_identifiers(patient), "SECRETWORD", patient.gp_practice.name]:
            assert value not in files[name], (name, value)
    rows = list(csv.DictReader(io.StringIO(files["responses.csv"])))
    assert {r["study_id"] for r in rows} == {study_id(patient.pk)}
    assert all(len(r["answered_month"]) == 7 for r in rows)
    assert {"peg", "fft"} <= {r["instrument"] for r in rows}
    doses = list(csv.DictReader(io.StringIO(files["doses.csv"])))
    assert [(d["event"], d["ome_mg"], d["ome_reduction_percent"]) for d in doses] == [
        ("baseline", "100.0", ""), ("end_of_course", "", ""), ("month_3", "40.0", "60.0")]
    assert "phq9_q9" in files["dictionary.csv"] and "why" not in files["dictionary.csv"].split("fft_")[-1][:5]
    assert AuditEvent.objects.filter(action="export", actor=evaluator.user).count() == 5
    assert evaluator.get(reverse("outcomes:export_file", kwargs={"filename": "settings.py"})).status_code == 404


def test_study_id_is_keyed_and_stable(settings):
    settings.ROSE_STUDY_ID_KEY = "key-one"
    first = study_id("abc")
    assert first == study_id("abc") and len(first) == 16
    settings.ROSE_STUDY_ID_KEY = "key-two"
    assert study_id("abc") != first


def test_fhir_questionnaire_response_is_valid_and_deidentified_for_evaluators(client_for, programme):
    patient = PatientFactory(programme=programme)
    resp = answer(invite(patient, send=False), "phq9", {f"q{i}": 1 for i in range(1, 10)} | {"q9": 0})
    url = reverse("outcomes:response_fhir", kwargs={"response_id": resp.pk})
    staff = json.loads(client_for(Role.NURSE).get(url).content)
    assert staff["resourceType"] == "QuestionnaireResponse" and staff["status"] == "completed"
    assert staff["subject"]["reference"] == f"Patient/{patient.pk}" and len(staff["item"]) == 9
    evaluator = client_for(Role.EVALUATOR)
    body = evaluator.get(url).content.decode()
    data = json.loads(body)
    assert data["subject"]["identifier"]["value"] == study_id(patient.pk) and len(data["authored"]) == 7
    for value in _identifiers(patient):
        assert value not in body
    assert AuditEvent.objects.filter(action="export", actor=evaluator.user, detail__format="fhir").exists()


# ------------------------------------------------------------------ loading a licensed instrument

def test_load_instrument_command_loads_the_example_and_refuses_changed_content(tmp_path):
    call_command("load_instrument", str(EXAMPLE))
    instrument = Instrument.objects.get(code="example_wellbeing")
    assert instrument.version == "1" and not instrument.builtin
    call_command("load_instrument", str(EXAMPLE))  # the same file twice is fine
    changed = json.loads(EXAMPLE.read_text())
    changed["name"] = "Changed"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed))
    with pytest.raises(CommandError, match="new version"):
        call_command("load_instrument", str(path))
    changed["version"] = "2"
    path.write_text(json.dumps(changed))
    call_command("load_instrument", str(path))
    assert Instrument.objects.get(code="example_wellbeing", active=True).version == "2"


def test_load_instrument_command_explains_bad_files(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_instrument", str(path))
    path.write_text(json.dumps({"code": "x"}))
    with pytest.raises(CommandError, match="Missing 'name'"):
        call_command("load_instrument", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_instrument", str(tmp_path / "missing.json"))


def test_a_loaded_instrument_can_be_scheduled_and_scored(programme, patient):
    call_command("load_instrument", str(EXAMPLE))
    baseline = event(programme, "baseline")
    baseline.instruments = ["example_wellbeing"]
    baseline.save()
    invitation = services.invitation_create(patient=patient, event=baseline,
                                            anchor_date=baseline.created_at.date(), send=False)
    resp = answer(invitation, "example_wellbeing", {"calm": 2, "worried": 3, "walk": 1, "outdoors": 3})
    assert resp.score == Decimal(6) and resp.subscores["mood"]["value"] == "1.00"


def test_demo_hook_adds_answers_doses_and_dashboard_numbers(programme, make_user):
    import io

    from rose.outcomes.demo import add_demo_outcomes

    patients = [PatientFactory(programme=programme) for _ in range(3)]
    for patient in patients:
        consent_record(patient=patient, kind="evaluation", given=True, source="staff")
    out = io.StringIO()
    add_demo_outcomes(programme, {"nurse": make_user(Role.NURSE)}, patients, out)
    assert "outcomes: 3 patients" in out.getvalue()
    assert Response.objects.filter(patient__in=patients, score__isnull=False).exists()
    assert DashboardCell.objects.filter(programme=programme, section="responder").exists()


def test_the_service_dashboard_counts_completed_courses_by_the_courses_rule(client_for, programme):
    import datetime as dt

    from django.db.models import F

    from rose.groups import services as group_services
    from rose.groups.models import GroupSession
    from rose.groups.tests.factories import make_cohort, make_enrolled

    cohort = make_cohort(programme)
    keen, busy = make_enrolled(cohort, 2)
    GroupSession.objects.filter(cohort=cohort).update(starts_at=F("starts_at") - dt.timedelta(days=70))
    for number, session in enumerate(cohort.sessions.order_by("starts_at"), start=1):
        statuses = {str(keen.pk): "attended" if number <= 4 else "dna",
                    str(busy.pk): "late" if number <= 3 else "apologies"}
        group_services.register_record(session=session, actor=None, took_place=True, statuses=statuses)
    summaries.refresh_programme(programme.pk)
    cell = DashboardCell.objects.get(programme=programme, dimension="all", period="all", metric="completions")
    assert (cell.n, int(cell.value)) == (2, 1)  # 4 of 6 completes; 3 of 6 does not
    page = client_for(Role.NURSE).get(reverse("outcomes:dashboard")).content.decode()
    assert "Courses completed (per cent of patients whose course has ended)" in page
