"""Property tests: any JSON at all gets an answer or a list of field errors, never a 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rose.accounts.roles import Role

pytestmark = [pytest.mark.django_db]

SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=30)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=20)
NUMBERS = st.integers(-5, 10**6) | st.floats(-1, 1e7, allow_nan=False) | st.text(max_size=5) | st.none()
ITEM = st.fixed_dictionaries({}, optional={
    "drug": st.sampled_from(["morphine", "oxycodone", "fentanyl", "methadone", "codeine", "x", ""]),
    "route": st.sampled_from(["oral", "transdermal", "buccal", "sublingual", "moon"]),
    "product": st.sampled_from(["Co-codamol 30mg/500mg tablets", "Morphine 30mg modified-release tablets",
                                "Fentanyl 25micrograms/hour transdermal patches", "nothing"]),
    "dose_mg": NUMBERS, "mg_per_day": NUMBERS, "mcg_per_hour": NUMBERS, "units_per_dose": NUMBERS,
    "times_per_day": NUMBERS, "as_needed": st.booleans() | st.text(max_size=3)})
REGIMEN = st.fixed_dictionaries({"items": st.lists(ITEM, max_size=4)}, optional={
    "table": st.sampled_from(["opioids-aware-2020", "cdc-2022", "anzca-2021", "other"]),
    "co_prescribed": st.lists(st.sampled_from(["benzodiazepine", "gabapentinoid", "cake"]), max_size=2)})
TAPER = st.fixed_dictionaries({"regimen": REGIMEN}, optional={
    "start_date": st.sampled_from(["2027-01-04", "2027-02-30", "soon"]) | st.none(),
    "strategy": st.fixed_dictionaries({"type": st.sampled_from(["percent-of-original", "percent-of-current",
                                                                "two-phase", "custom", "fast"])},
                                      optional={"percent": NUMBERS, "interval_days": NUMBERS,
                                                "targets_mg_per_day": st.lists(NUMBERS, max_size=3)}),
    "holds": st.lists(st.fixed_dictionaries({"after_step": NUMBERS, "days": NUMBERS}), max_size=2)})
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def check_body(status: int, body: dict) -> None:
    assert status in (200, 400)
    if status == 400:
        assert body["errors"] and all(isinstance(e["field"], str) and e["message"] for e in body["errors"])


@pytest.fixture
def nurse(client_for):
    return client_for(Role.NURSE)


@FUZZ
@given(body=ANY_JSON | REGIMEN)
def test_ome_api_never_fails(nurse, body):
    response = nurse.post("/api/v1/calculations/ome", data=json.dumps(body), content_type="application/json")
    check_body(response.status_code, response.json())


@FUZZ
@given(body=ANY_JSON | TAPER)
def test_taper_api_never_fails(nurse, body):
    response = nurse.post("/api/v1/calculations/taper", data=json.dumps(body), content_type="application/json")
    check_body(response.status_code, response.json())


@FUZZ
@given(text=st.text(max_size=60) | ANY_JSON.map(json.dumps))
def test_ome_command_never_fails(monkeypatch, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    try:
        call_command("ome", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    body = json.loads(out.getvalue())
    check_body(200 if code == 0 else 400 if code == 2 else 500, body)


FIELD_TEXT = st.text(max_size=15) | st.sampled_from(["drug:morphine:oral", "drug:fentanyl:transdermal",
                                                     "product:Co-codamol 30mg/500mg tablets", "1", "-1", "1e9"])


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["table", "item_1_medicine", "item_1_amount", "item_1_times_per_day",
                                             "item_1_patch_mcg_per_hour", "item_1_as_needed", "item_2_medicine",
                                             "item_2_amount", "co_prescribed"]), FIELD_TEXT, max_size=9))
def test_calculator_page_never_fails(client, data):
    response = client.post("/medicines/calculator/", data)
    assert response.status_code in (200, 400)
