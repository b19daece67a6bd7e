"""`manage.py ome`, `manage.py taper` and `manage.py load_formulary`: JSON in, JSON out, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from rose.medicines.engine import default_formulary

pytestmark = pytest.mark.django_db

OME = {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]}
TAPER = {"regimen": {"items": [{"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1,
                                "times_per_day": 2}]},
         "start_date": "2027-01-04", "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14}}


def run(command: str, stdin: str, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


def test_ome_reads_json_and_prints_the_answer(monkeypatch):
    code, out = run("ome", json.dumps(OME), monkeypatch)
    answer = json.loads(out)
    assert code == 0
    assert answer["total_ome_mg_per_day"] == 120 and answer["items"][0]["factor"] == 1.5
    assert answer["items"][0]["source"].startswith("Faculty of Pain Medicine")
    assert {w["code"] for w in answer["warnings"]} >= {"high-dose", "naloxone"}


def test_taper_reads_json_and_prints_a_plan_ending_at_zero(monkeypatch):
    code, out = run("taper", json.dumps(TAPER), monkeypatch)
    plan = json.loads(out)
    assert code == 0
    assert plan["steps"][0]["start_date"] == "2027-01-04" and plan["steps"][-1]["ome_mg_per_day"] == 0


@pytest.mark.parametrize("command, stdin, field", [
    ("ome", "{not json", "request"),
    ("ome", "", "request"),
    ("ome", "[1, 2]", "request"),
    ("ome", '{"items": [{"drug": "unobtainium", "route": "oral", "mg_per_day": 10}]}', "items[0].drug"),
    ("ome", '{"items": [{"drug": "morphine", "route": "oral", "mg_per_day": -10}]}', "items[0].mg_per_day"),
    ("ome", '{"items": [{"drug": "morphine", "route": "oral", "mg_per_day": NaN}]}', "request"),
    ("taper", '{"regimen": {"items": []}}', None),
    ("taper", "\"just a string\"", None),
])
def test_bad_input_exits_2_with_specific_errors(monkeypatch, command, stdin, field):
    code, out = run(command, stdin, monkeypatch)
    body = json.loads(out)
    assert code == 2
    assert body["errors"] and all(set(e) == {"field", "message"} for e in body["errors"])
    if field:
        assert field in [e["field"] for e in body["errors"]]


def test_csv_batch_adds_ome_and_error_columns(tmp_path):
    src = tmp_path / "extract.csv"
    src.write_text("patient_ref,product,units_per_dose,times_per_day,drug,route,mg_per_day\n"
                   "a1,Co-codamol 30mg/500mg tablets,2,4,,,\n"
                   "a2,,,,tramadol,oral,400\n"
                   "a3,,,,bogus,oral,1\n"
                   "a4,,,,methadone,oral,30\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    stderr = io.StringIO()
    call_command("ome", "--csv", str(src), "--output", str(dst), stderr=stderr)
    rows = list(csv.DictReader(dst.open(encoding="utf-8")))
    assert [r["patient_ref"] for r in rows] == ["a1", "a2", "a3", "a4"]
    assert [r["ome_mg_per_day"] for r in rows] == ["24", "40", "", ""]
    assert rows[0]["ome_error"] == "" and "bogus" in rows[2]["ome_error"] and rows[3]["ome_error"]
    assert "4 rows: 2 calculated, 1 not calculable, 1 errors" in stderr.getvalue()


def test_csv_batch_to_stdout_with_a_table(tmp_path):
    src = tmp_path / "extract.csv"
    src.write_text("drug,route,mg_per_day\ncodeine,oral,240\n", encoding="utf-8")
    out = io.StringIO()
    call_command("ome", "--csv", str(src), "--table", "cdc-2022", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == ["drug,route,mg_per_day,ome_mg_per_day,ome_error", "codeine,oral,240,36,"]


@pytest.mark.parametrize("args, field", [
    (("--csv", "/nonexistent/extract.csv"), "csv"),
    (("--table", "nonsense"), "table"),
])
def test_csv_batch_bad_arguments_exit_2(tmp_path, args, field):
    src = tmp_path / "extract.csv"
    src.write_text("drug,route,mg_per_day\n", encoding="utf-8")
    argv = args if args[0] == "--csv" else ("--csv", str(src), *args)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("ome", *argv, stdout=out, stderr=io.StringIO())
    assert exit_.value.code == 2
    assert json.loads(out.getvalue())["errors"][0]["field"] == field


def test_load_formulary_command_is_idempotent():
    out = io.StringIO()
    call_command("load_formulary", stdout=out)
    call_command("load_formulary", stdout=out)
    products = len(default_formulary().products)
    assert f"Loaded {products} products (0 retired)" in out.getvalue().splitlines()[-1]


@pytest.mark.parametrize("command, stdin", [
    ("ome", '{"items": [{"drug": "morphine", "route": "oral", "dose_mg": 10, "dose_mg": 100, '
            '"times_per_day": 2}]}'),
    ("taper", '{"regimen": {"items": [{"drug": "morphine", "route": "oral", "mg_per_day": 60}]}, '
              '"start_date": "2027-01-04", "start_date": "2027-02-04", '
              '"strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14}}'),
])
def test_duplicated_json_keys_are_refused(monkeypatch, command, stdin):
    code, out = run(command, stdin, monkeypatch)
    assert code == 2
    assert "more than once" in json.loads(out)["errors"][0]["message"]


def test_taper_command_takes_doses_with_times_and_answers_with_typed_slots(monkeypatch):
    request = {**TAPER, "regimen": {"items": [
        {"product": "Morphine 30mg modified-release tablets",
         "doses": [{"time": "08:00", "units": 1}, {"time": "20:00", "units": 2}]},
        {"product": "Oxycodone 5mg capsules", "units_per_dose": 1, "times_per_day": 4, "as_needed": True}]},
        "use_strengths": [5, 10, 30]}
    code, out = run("taper", json.dumps(request), monkeypatch)
    plan = json.loads(out)
    assert code == 0 and plan["starting_ome_mg_per_day"] == 120
    slots = [a["slot"] for step in plan["steps"] for a in step["administrations"]]
    assert {s["kind"] for s in slots} == {"clock", "as-needed"}
    assert all((s["time"] is None) == (s["kind"] != "clock") for s in slots)
    assert all(a["dose_text"] for step in plan["steps"] for a in step["administrations"])
