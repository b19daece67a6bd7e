"""SPSS (.sav) and Stata (.dta) downloads: written by pyreadstat, read back with pyreadstat."""

from __future__ import annotations

import copy
import csv
import io
from decimal import Decimal

import pyreadstat
import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.outcomes import exports_stats, services
from rose.outcomes import instruments as defs
from rose.outcomes.exports import study_id
from rose.outcomes.models import Response
from rose.outcomes.tests.factories import answer, invite
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
FILES = ("responses.sav", "responses.dta", "doses.sav", "doses.dta")

# An instrument whose wording has apostrophes (the hand-written SPSS syntax broke on them) and non-ASCII text.
WELLBEING = {
    "code": "wellbeing_ni", "name": "Patient's wellbeing — “how’s it going?”", "short_name": "Wellbeing (café)",
    "version": "1", "citation": "Made up for a test.", "licence": "CC0",
    "items": [
        {"code": "mood", "text": "How's your mood? (Ça va, Zoë?)", "options": [
            {"value": 0, "label": "Don't know"}, {"value": 1, "label": "Très bien ✓"}]},
        {"code": "why", "type": "text", "text": "Anything else you'd like to say?"},
    ],
    "scoring": {"method": "sum", "items": ["mood"]},
    "bands": [{"min": 0, "max": 0, "label": "Can't tell"}, {"min": 1, "max": 1, "label": "Très bien – it's fine"}],
}


@pytest.fixture
def exported(programme):
    """A consenting patient whose name has an apostrophe and non-ASCII letters, with answers and doses."""
    patient = PatientFactory(programme=programme, given_name="Siân", family_name="O'Brien-Ñúñez", postcode="SK2 7JE")
    consent_record(patient=patient, kind="evaluation", given=True, source="staff")
    base = invite(patient, "baseline", send=False)
    answer(base, "peg", {"p": 6, "e": 5, "g": 4})
    instrument = services.instrument_load(definition=copy.deepcopy(WELLBEING))
    mine = Response.objects.create(invitation=base, patient=patient, programme=programme, instrument=instrument,
                                   order=99)
    services.answers_save(response=mine, answers={"mood": 1, "why": "Nurse O'Hara — SECRETWORD"}, mode="patient")
    services.response_complete(response=mine)
    follow = invite(patient, "month_3", send=False)
    services.dose_snapshot_record(patient=patient, event=base.event, ome_mg=Decimal(90), source="test")
    services.dose_snapshot_record(patient=patient, event=follow.event, ome_mg=Decimal(0), stopped=True,
                                  source="test")
    return patient


def _download(client, name, tmp_path):
    reply = client.get(reverse("outcomes:export_file", kwargs={"filename": name}))
    assert reply.status_code == 200, name
    body = b"".join(reply.streaming_content)
    path = tmp_path / name
    path.write_bytes(body)
    read = pyreadstat.read_sav if name.endswith(".sav") else pyreadstat.read_dta
    frame, meta = read(str(path))
    return reply, body, frame, meta


def _identifiers(patient):
    dob = patient.date_of_birth
    values = [patient.nhs_number, patient.given_name, patient.family_name, "O'Brien", patient.postcode, patient.mobile,
              dob.isoformat(), dob.strftime("%d/%m/%Y"), str(patient.pk), "SECRETWORD", patient.gp_practice.name]
    return [str(v) for v in values if v]


def test_spss_and_stata_files_keep_apostrophes_non_ascii_text_and_labels(client_for, exported, tmp_path):
    evaluator = client_for(Role.EVALUATOR)
    reply = evaluator.get(reverse("outcomes:export_file", kwargs={"filename": "responses.csv"}))
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(reply.streaming_content).decode())))
    for name in ("responses.sav", "responses.dta"):
        reply, body, frame, meta = _download(evaluator, name, tmp_path)
        assert reply["Content-Disposition"] == f'attachment; filename="{name}"'
        labels = meta.column_names_to_labels
        assert labels["wellbeing_ni_mood"] == "Wellbeing (café) mood: How's your mood? (Ça va, Zoë?)", name
        assert meta.variable_value_labels["wellbeing_ni_mood"] == {0: "Don't know", 1: "Très bien ✓"}
        assert meta.variable_value_labels["mode"] == {1: "Patient online", 2: "Staff from a phone call"}
        assert meta.variable_value_labels["completed"] == {0: "No (partial)", 1: "Yes"}
        assert meta.variable_value_labels["phq9_q1"][3] == "Nearly every day"
        assert labels["days_from_baseline"] == "Days from the patient's baseline due date to the answers"
        assert "wellbeing_ni_why" not in frame.columns  # free text is never exported
        rows = {row["instrument"]: row for row in frame.to_dict("records")}
        assert set(rows) == {"peg", "wellbeing_ni"}
        mine = rows["wellbeing_ni"]
        assert mine["study_id"] == study_id(exported.pk) and mine["wellbeing_ni_mood"] == 1
        assert mine["score_band"] == "Très bien – it's fine" and mine["mode"] == 1 and mine["completed"] == 1
        assert len(mine["answered_month"]) == 7
        for row in csv_rows:  # the same values as responses.csv
            mine = rows[row["instrument"]]
            for column in ("study_id", "event", "instrument_version", "answered_month", "score_band", "score_note"):
                assert mine[column] == row[column], (name, column)
            assert mine["days_from_baseline"] == int(row["days_from_baseline"])
            assert mine["score"] == float(row["score"])
        assert (rows["peg"]["peg_p"], rows["peg"]["peg_e"], rows["peg"]["peg_g"]) == (6, 5, 4)
        assert rows["peg"]["score"] == 5.0
        cells = " ".join(str(v) for v in frame.to_numpy().ravel()) + " ".join(str(v) for v in labels.values())
        for value in _identifiers(exported):
            assert value not in cells, (name, value)
            assert value.encode() not in body, (name, value)


def test_dose_files_carry_the_stopped_value_labels(client_for, exported, tmp_path):
    evaluator = client_for(Role.EVALUATOR)
    for name in ("doses.sav", "doses.dta"):
        _, body, frame, meta = _download(evaluator, name, tmp_path)
        assert meta.variable_value_labels["stopped"] == {0: "No", 1: "Yes"}
        assert meta.column_names_to_labels["ome_reduction_percent"] == "Percentage reduction in OME from baseline"
        got = [(r["event"], r["ome_mg"], r["stopped"], r["ome_reduction_percent"]) for r in frame.to_dict("records")]
        assert got[0][:3] == ("baseline", 90.0, 0) and got[1] == ("month_3", 0.0, 1, 100.0)
        for value in _identifiers(exported):
            assert value.encode() not in body, (name, value)


@pytest.mark.parametrize("name", FILES)
def test_only_evaluators_download_spss_and_stata_files(client_for, name):
    check_roles(client_for, reverse("outcomes:export_file", kwargs={"filename": name}), [Role.EVALUATOR])


def test_each_download_is_audited_and_the_page_lists_the_files(client_for, exported, tmp_path):
    evaluator = client_for(Role.EVALUATOR)
    for name in FILES:
        _download(evaluator, name, tmp_path)
    audited = AuditEvent.objects.filter(action="export", actor=evaluator.user)
    assert sorted(e.detail["file"] for e in audited) == sorted(FILES)
    page = evaluator.get(reverse("outcomes:export_index")).content.decode()
    assert all(name in page for name in FILES) and "read_rose.sps" not in page and "read_rose.do" not in page


def test_a_data_set_over_the_limit_is_refused_with_the_csv_files_offered(client_for, exported, monkeypatch):
    monkeypatch.setattr(exports_stats, "MAX_ROWS", 1)
    evaluator = client_for(Role.EVALUATOR)
    reply = evaluator.get(reverse("outcomes:export_file", kwargs={"filename": "responses.sav"}))
    assert reply.status_code == 413
    assert "This file is too large to make" in reply.content.decode() and "Download the CSV files" in (
        reply.content.decode())
    assert not AuditEvent.objects.filter(action="export", actor=evaluator.user).exists()


def test_an_empty_export_is_a_valid_file_with_its_variables(client_for, programme, tmp_path):
    for name in FILES:
        _, _, frame, meta = _download(client_for(Role.EVALUATOR), name, tmp_path)
        assert len(frame) == 0 and "study_id" in meta.column_names


def test_variable_names_are_valid_in_spss_and_stata_and_unique():
    taken = {"study_id"}
    assert exports_stats._name("study_id", taken) == "study_id_1"
    assert exports_stats._name("9lives_q-1", taken) == "v_9lives_q_1"
    long = exports_stats._name("a_very_long_instrument_code_indeed_q12", taken)
    again = exports_stats._name("a_very_long_instrument_code_indeed_q13", taken)
    assert len(long) == 32 and len(again) <= 32 and long != again


def test_labels_fit_each_format():
    label = "é" * 300
    stata = exports_stats._fit(label, exports_stats.STATA_LABEL_CHARS, in_bytes=False)
    spss = exports_stats._fit(label, exports_stats.SPSS_LABEL_BYTES, in_bytes=True)
    assert len(stata) == 80 and stata.endswith("…")
    assert len(spss.encode()) <= 256 and spss.endswith("…")
    assert exports_stats._fit("short", 80, in_bytes=True) == "short"


class _Instrument:
    def __init__(self, definition):
        self.definition = definition


def test_an_item_whose_options_changed_between_versions_has_no_value_labels():
    first = defs.load_builtin("phq9")
    second = copy.deepcopy(first)
    second["version"] = "2"
    second["items"][0]["options"][0]["label"] = "Never"
    items = exports_stats.item_variables([_Instrument(first), _Instrument(second)], set())
    assert items[("phq9", "q1")].values is None and "differ between versions" in items[("phq9", "q1")].label
    assert items[("phq9", "q2")].values == {0: "Not at all", 1: "Several days", 2: "More than half the days",
                                            3: "Nearly every day"}
