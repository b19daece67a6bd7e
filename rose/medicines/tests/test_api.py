"""The staff calculation API and its OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import get_resolver

from rose.accounts.roles import Role
from rose.medicines.openapi import openapi_document
from tests.roles import ALL_ROLES

pytestmark = [pytest.mark.django_db]

OME_URL, TAPER_URL = "/api/v1/calculations/ome", "/api/v1/calculations/taper"
OME = {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]}
TAPER = {"regimen": {"items": [{"product": "Morphine 30mg modified-release tablets", "units_per_dose": 1,
                                "times_per_day": 2}]},
         "start_date": "2027-01-04", "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14}}
ALLOWED = {Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER, Role.REFERRER, Role.EVALUATOR}


def post(client: Client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_ome_answer(client_for):
    response = post(client_for(Role.PRESCRIBER), OME_URL, OME)
    assert response.status_code == 200
    body = response.json()
    assert body["total_ome_mg_per_day"] == 120 and body["items"][0]["factor"] == 1.5
    assert body["table"] == "opioids-aware-2020" and body["table_source"]


def test_taper_answer(client_for):
    response = post(client_for(Role.PRESCRIBER), TAPER_URL, TAPER)
    assert response.status_code == 200
    steps = response.json()["steps"]
    assert steps[0]["start_date"] == "2027-01-04" and steps[-1]["ome_mg_per_day"] == 0


def test_programme_table_applies_when_the_regimen_names_none(client_for, programme):
    programme.conversion_table = "cdc-2022"
    programme.save()
    response = post(client_for(Role.NURSE), OME_URL, {"items": [{"drug": "codeine", "route": "oral",
                                                                  "mg_per_day": 240}]})
    assert response.json()["table"] == "cdc-2022" and response.json()["total_ome_mg_per_day"] == 36


@pytest.mark.parametrize("body, field", [
    ({"items": [{"drug": "unobtainium", "route": "oral", "mg_per_day": 10}]}, "items[0].drug"),
    ({"items": [{"drug": "morphine", "route": "oral"}]}, None),
    ({"table": "nice-2099", "items": [{"drug": "morphine", "route": "oral", "mg_per_day": 10}]}, "table"),
    ([], None),
    ("text", None),
])
def test_bad_input_is_400_with_errors(client_for, body, field):
    response = post(client_for(Role.NURSE), OME_URL, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"field", "message"} for e in errors)
    if field:
        assert field in [e["field"] for e in errors]


def test_malformed_json_is_400(client_for):
    response = client_for(Role.NURSE).post(OME_URL, data="{oops", content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "request"


def test_duplicated_json_keys_are_400(client_for):
    body = '{"items": [{"drug": "tramadol", "route": "oral", "dose_mg": 50, "times_per_day": 2, "dose_mg": 500}]}'
    response = client_for(Role.NURSE).post(OME_URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "more than once" in response.json()["errors"][0]["message"]


def test_non_json_is_415(client_for):
    response = client_for(Role.NURSE).post(OME_URL, data={"items": "x"})
    assert response.status_code == 415 and response.json()["errors"][0]["field"] == "content_type"


def test_get_is_405(client_for):
    assert client_for(Role.NURSE).get(OME_URL).status_code == 405


def test_anonymous_is_401_json_not_a_redirect(client):
    for url in (OME_URL, TAPER_URL):
        response = post(client, url, OME)
        assert response.status_code == 401 and response.json()["errors"][0]["field"] == "authentication"


def test_signed_in_without_two_factor_is_401(make_user, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from rose.medicines import api

    request = rf.post(OME_URL, data=json.dumps(OME), content_type="application/json")
    request.user, request.session = make_user(Role.PRESCRIBER), SessionStore()
    request.user.is_verified = lambda: False
    response = api.ome(request)
    assert response.status_code == 401 and "two-factor" in json.loads(response.content)["errors"][0]["message"]


def test_signed_in_without_two_factor_never_gets_an_answer(make_user):
    client = Client()
    client.force_login(make_user(Role.PRESCRIBER))
    response = post(client, OME_URL, OME)
    assert response.status_code == 401 and b"total_ome_mg_per_day" not in response.content


def test_in_demo_mode_the_live_ome_total_answers_without_two_factor_like_every_page(make_user, settings):
    settings.DEBUG, settings.ROSE_DEMO = True, True
    client = Client(enforce_csrf_checks=False)
    client.force_login(make_user(Role.REFERRER))
    response = post(client, OME_URL, OME)
    assert response.status_code == 200 and "total_ome_mg_per_day" in response.json()
    settings.DEBUG = False  # demo mode needs both: production settings never switch two-factor off
    assert post(client, OME_URL, OME).status_code == 401


def test_session_needs_a_csrf_token(client_for):
    from conftest import login_verified

    user = client_for(Role.PRESCRIBER).user
    client = login_verified(Client(enforce_csrf_checks=True), user)
    assert post(client, OME_URL, OME).status_code == 403


@pytest.mark.parametrize("url, body", [(OME_URL, OME), (TAPER_URL, TAPER)])
def test_roles(client_for, url, body):
    for role in ALL_ROLES:
        response = post(client_for(role), url, body)
        if role in ALLOWED:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role
            assert response.json()["errors"][0]["field"] == "permission"


def test_openapi_document_lists_both_paths_and_matches_the_routes(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/calculations/ome", "/calculations/taper"}
    routes = {f"/{p.pattern}" for p in get_resolver("rose.medicines.api_urls").url_patterns
              if p.name != "openapi"}
    assert routes == set(document["paths"])
    for path in document["paths"].values():
        assert set(path) == {"post"} and {"200", "400", "401", "403", "415"} <= set(path["post"]["responses"])
        schema = path["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert schema.split("/")[-1] in document["components"]["schemas"]


def test_openapi_examples_are_accepted_by_the_api(client_for):
    schemas = openapi_document()["components"]["schemas"]
    nurse = client_for(Role.NURSE)
    assert post(nurse, OME_URL, schemas["Regimen"]["example"]).status_code == 200
    assert post(nurse, TAPER_URL, schemas["TaperRequest"]["example"]).status_code == 200
