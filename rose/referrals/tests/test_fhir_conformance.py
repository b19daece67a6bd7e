"""FHIR intake as a conformant client sees it: units, semantics, idempotency, content negotiation,
reads and searches, and every HL7 R4 example in /work/shared/fixtures/fhir/hl7-r4 (copied to
rose/referrals/tests/fhir_examples/). Every response body is validated with fhir.resources."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from rose.accounts.tests.factories import OrganisationFactory
from rose.audit.models import AuditEvent
from rose.medicines.loading import load_data_files
from rose.medicines.models import ConversionRow, ConversionTable, Product
from rose.referrals.fhir import selectors as fhir_selectors
from rose.referrals.models import FhirIdentifier, Referral
from rose.referrals.services import api_token_create
from rose.referrals.tests.test_fhir import resource

pytestmark = [pytest.mark.django_db]

URL = "/fhir/ServiceRequest"
EXAMPLES = Path(__file__).parent / "fhir_examples"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"


def validated(response):
    """The body, checked against the fhir.resources model of its resourceType."""
    import importlib

    assert response["Content-Type"].startswith("application/fhir+json"), response["Content-Type"]
    body = json.loads(response.content)
    kind = body["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    getattr(module, kind).model_validate(body)
    return body


def outcome(response):
    body = validated(response)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"]


@pytest.fixture
def organisation(programme):
    return OrganisationFactory(programme=programme, ods_code="P81001", name="Test Surgery")


@pytest.fixture
def api(client, organisation):
    _, secret = api_token_create(organisation=organisation, name="EMIS")

    def post(body, raw=None, url=URL, content_type="application/fhir+json", **headers):
        data = raw if raw is not None else json.dumps(body)
        return client.post(url, data=data, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {secret}",
                           **headers)

    def get(url, **headers):
        return client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}", **headers)

    post.get = get
    post.secret = secret
    return post


def with_dose(quantity, product="Morphine 10mg modified-release tablets"):
    body = resource()
    body["contained"][1]["medicationCodeableConcept"]["text"] = product
    body["contained"][1]["dosage"][0]["doseAndRate"][0]["doseQuantity"] = quantity
    return body


# ---------------------------------------------------------------- 1. dose units


@pytest.mark.parametrize(("quantity", "product", "units"), [
    ({"value": 30, "unit": "mg", "system": UCUM, "code": "mg"}, "Morphine 10mg modified-release tablets", 3),
    ({"value": 30, "unit": "milligrams"}, "Morphine 10mg modified-release tablets", 3),
    ({"value": 3, "unit": "tablet"}, "Morphine 10mg modified-release tablets", 3),
    ({"value": 3, "unit": "tablets", "system": SNOMED, "code": "428673006"},
     "Morphine 10mg modified-release tablets", 3),
    ({"value": 3, "system": UCUM, "code": "{tablet}"}, "Morphine 10mg modified-release tablets", 3),
    ({"value": 400, "unit": "µg", "system": UCUM, "code": "ug"}, "Buprenorphine 200microgram sublingual tablets", 2),
    ({"value": 400, "unit": "mcg"}, "Buprenorphine 200microgram sublingual tablets", 2),
    ({"value": 5, "unit": "mg", "system": UCUM, "code": "mg"}, "Morphine sulfate 10mg tablets", 0.5),
    ({"value": 10, "unit": "mg", "system": UCUM, "code": "mg"}, "Morphine sulfate 10mg/5ml oral solution", 5),
    ({"value": 5, "unit": "ml", "system": UCUM, "code": "mL"}, "Morphine sulfate 10mg/5ml oral solution", 5),
])
def test_doses_in_mg_micrograms_and_ml_become_the_products_units(api, quantity, product, units):
    response = api(with_dose(quantity, product))
    assert response.status_code == 201, response.content
    validated(response)
    item = Referral.objects.get().regimen["items"][0]
    assert item["units_per_dose"] == units


def test_30_mg_of_a_10_mg_tablet_twice_a_day_is_ome_60_not_600(api):
    response = api(with_dose({"value": 30, "unit": "mg", "system": UCUM, "code": "mg"}))
    assert response.status_code == 201
    assert Referral.objects.get().total_ome_mg == 60


@pytest.mark.parametrize(("quantity", "product", "message"), [
    ({"value": 3}, "Morphine 10mg modified-release tablets", "has no unit"),
    ({"value": 3, "unit": "puffs of smoke"}, "Morphine 10mg modified-release tablets", "not one ROSE reads"),
    ({"value": 3, "system": UCUM, "code": "kg"}, "Morphine 10mg modified-release tablets", "UCUM unit 'kg'"),
    ({"value": 3, "unit": "tablet", "system": UCUM, "code": "mg"}, "Morphine 10mg modified-release tablets",
     "disagree"),
    ({"value": 25, "unit": "mg"}, "Morphine 10mg modified-release tablets", "steps of 1"),
    ({"value": 33, "unit": "mg"}, "Morphine 10mg modified-release tablets", "steps of 1"),
    ({"value": 5, "unit": "ml"}, "Morphine 10mg modified-release tablets", "counted in tablets"),
    ({"value": 2, "unit": "capsule"}, "Morphine 10mg modified-release tablets", "counted in tablets"),
    ({"value": 30, "unit": "mg"}, "Co-codamol 30mg/500mg tablets", "combines two medicines"),
    ({"value": 25, "unit": "mg"}, "Fentanyl 25micrograms/hour transdermal patches", "patches or in micrograms/hour"),
])
def test_doses_that_cannot_be_read_without_guessing_are_refused(api, quantity, product, message):
    response = api(with_dose(quantity, product))
    assert response.status_code == 422, response.content
    issues = outcome(response)
    assert any(message in i["diagnostics"] for i in issues), issues
    assert issues[0]["expression"] == ["ServiceRequest.contained[1].dosage[0].doseAndRate[0].doseQuantity"]
    assert not Referral.objects.exists()


def test_a_patch_rate_in_micrograms_an_hour_is_a_number_of_patches(api):
    response = api(with_dose({"value": 50, "unit": "ug/h", "system": UCUM, "code": "ug/h"},
                             "Fentanyl 25micrograms/hour transdermal patches"))
    assert response.status_code == 201, response.content
    assert Referral.objects.get().regimen["items"][0]["units_per_dose"] == 2


# ---------------------------------------------------------------- 2. what is a ROSE referral


@pytest.mark.parametrize(("change", "expression"), [
    ({"status": "completed"}, "ServiceRequest.status"),
    ({"status": "draft"}, "ServiceRequest.status"),
    ({"intent": "plan"}, "ServiceRequest.intent"),
    ({"intent": "proposal"}, "ServiceRequest.intent"),
    ({"intent": "filler-order"}, "ServiceRequest.intent"),
    ({"doNotPerform": True}, "ServiceRequest.doNotPerform"),
    ({"code": {"coding": [{"system": SNOMED, "code": "77477000", "display": "Computed tomography"}]}},
     "ServiceRequest.code"),
    ({"code": {"text": "ECG"}}, "ServiceRequest.code"),
])
def test_requests_that_are_not_active_rose_orders_are_refused_with_the_reason(api, change, expression):
    response = api(resource(**change))
    assert response.status_code == 422, response.content
    assert [i["expression"] for i in outcome(response)] == [[expression]]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("marker", [
    {"code": {"coding": [{"system": "https://rose.nhs.uk/fhir/CodeSystem/service", "code": "opioid-reduction"}]}},
    {"code": None, "category": [{"coding": [{"system": SNOMED, "code": "306109009"}]}]},
    {"intent": "original-order"},
])
def test_rose_markers_and_original_orders_are_accepted(api, marker):
    body = resource(**marker)
    body = {k: v for k, v in body.items() if v is not None}
    assert api(body).status_code == 201


# ---------------------------------------------------------------- 3. idempotent create


def test_the_same_identifier_three_times_makes_one_referral(api):
    first = api(resource())
    assert first.status_code == 201
    again = [api(resource()) for _ in range(2)]
    assert [r.status_code for r in again] == [200, 200]
    assert {validated(r)["id"] for r in again} == {first.json()["id"]}
    assert Referral.objects.count() == 1


def test_conditional_create_returns_the_existing_referral(api):
    first = api(resource(identifier=[]))
    assert first.status_code == 201
    header = {"HTTP_IF_NONE_EXIST": "identifier=https://emis.example/referral|EMIS-9"}
    created = api(resource(identifier=[]), **header)
    assert created.status_code == 201
    repeat = api(resource(identifier=[]), **header)
    assert repeat.status_code == 200 and repeat.json()["id"] == created.json()["id"]
    assert Referral.objects.count() == 2
    bad = api(resource(), HTTP_IF_NONE_EXIST="name=Smith")
    assert bad.status_code == 400 and outcome(bad)[0]["expression"] == ["If-None-Exist"]


def test_a_request_that_loses_the_race_answers_with_the_winner(api, monkeypatch):
    """The unique constraint is the guard: the lookup missed (the other request had not committed)."""
    winner = api(resource())
    monkeypatch.setattr(fhir_selectors, "referrals_by_identifier", _miss_once(fhir_selectors.referrals_by_identifier))
    response = api(resource())
    assert response.status_code == 200, response.content
    assert response.json()["id"] == winner.json()["id"] and Referral.objects.count() == 1


def _miss_once(real):
    calls = {"n": 0}

    def lookup(**kwargs):
        calls["n"] += 1
        return [] if calls["n"] == 1 else real(**kwargs)

    return lookup


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_identifier_make_one_referral(programme):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's in-memory test database is one connection, so no real race")
    # An earlier transactional test's teardown may have flushed the formulary that migrations load.
    load_data_files(Product, ConversionTable, ConversionRow)
    organisation = OrganisationFactory(programme=programme, ods_code="P81001")
    _, secret = api_token_create(organisation=organisation, name="EMIS")
    body, results, start = json.dumps(resource()), [], threading.Barrier(5)

    def send():
        start.wait()
        results.append(Client().post(URL, data=body, content_type="application/fhir+json",
                                     HTTP_AUTHORIZATION=f"Bearer {secret}").status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 200, 200, 200, 201]
    assert Referral.objects.count() == 1 and FhirIdentifier.objects.count() == 1


# ---------------------------------------------------------------- 4. what the sender means


def test_as_needed_for_pain_is_prn(api):
    body = resource()
    body["contained"][1]["dosage"][0]["asNeededCodeableConcept"] = {"text": "pain"}
    assert api(body).status_code == 201
    assert Referral.objects.get().regimen["items"][0]["as_needed"] is True


def test_patient_name_prefers_official_and_never_uses_an_old_name(api):
    body = resource()
    body["contained"][0]["name"] = [{"use": "old", "family": "Byron", "given": ["Augusta"]},
                                    {"use": "nickname", "family": "Ada"},
                                    {"use": "official", "family": "King", "given": ["Ada", "Augusta"]}]
    assert api(body).status_code == 201
    referral = Referral.objects.get()
    assert (referral.given_name, referral.family_name) == ("Ada Augusta", "King")


def test_only_an_old_name_is_refused(api):
    body = resource()
    body["contained"][0]["name"] = [{"use": "old", "family": "Byron"}]
    response = api(body)
    assert response.status_code == 422 and outcome(response)[0]["expression"] == ["ServiceRequest.contained[0].name"]


def test_communication_and_general_practitioner_are_kept(api, programme):
    practice = OrganisationFactory(programme=programme, ods_code="Y12345", kind="gp_practice")
    body = resource()
    body["contained"][0]["communication"] = [{"language": {"coding": [
        {"system": "urn:ietf:bcp:47", "code": "bfi"}]}, "preferred": True}]
    body["contained"][0]["generalPractitioner"] = [{"identifier": {
        "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "Y12345"}}]
    assert api(body).status_code == 201
    referral = Referral.objects.get()
    assert "British Sign Language (preferred)" in referral.communication_needs
    assert referral.gp_ods_code == "Y12345" and referral.gp_practice == practice


def _with_practitioner_role(ods):
    body = resource(requester={"reference": "#role"})
    body["contained"].append({"resourceType": "PractitionerRole", "id": "role", "organization": {"reference": "#org"}})
    body["contained"].append({"resourceType": "Organization", "id": "org", "identifier": [
        {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": ods}]})
    return body


def test_a_practitioner_role_of_another_organisation_is_forbidden(api):
    response = api(_with_practitioner_role("Y99999"))
    assert response.status_code == 403 and outcome(response)[0]["code"] == "forbidden"
    assert api(_with_practitioner_role("P81001")).status_code == 201


# ---------------------------------------------------------------- 5. the HTTP surface


def test_metadata_is_a_capability_statement(client):
    response = client.get("/fhir/metadata")
    body = validated(response)
    assert response.status_code == 200 and body["resourceType"] == "CapabilityStatement"
    assert body["fhirVersion"] == "4.0.1" and body["rest"][0]["resource"][0]["conditionalCreate"] is True


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/fhir/Patient/1", 404), ("get", "/fhir/nothing/here", 404), ("post", "/fhir/Patient", 404),
    ("delete", "/fhir/ServiceRequest", 405), ("post", "/fhir/metadata", 405), ("put", URL + "/x", 405),
    ("get", "/fhir/", 405),
])
def test_unknown_paths_and_wrong_methods_get_an_operation_outcome(client, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert outcome(response)


def test_xml_is_not_acceptable(api, client):
    assert client.get("/fhir/metadata?_format=xml").status_code == 406
    response = client.get("/fhir/metadata", HTTP_ACCEPT="application/fhir+xml")
    assert response.status_code == 406 and outcome(response)
    assert client.get("/fhir/metadata", HTTP_ACCEPT="application/fhir+json, */*;q=0.1").status_code == 200
    assert api(resource(), content_type="application/fhir+json", HTTP_ACCEPT="application/xml").status_code == 406


def test_wrong_content_type_large_body_and_byte_order_mark(api):
    response = api(resource(), content_type="application/fhir+xml")
    assert response.status_code == 415 and outcome(response)
    big = json.dumps(resource(note=[{"text": "x" * 1_100_000}]))
    response = api(None, raw=big)
    assert response.status_code == 413 and outcome(response)[0]["code"] == "too-costly"
    response = api(None, raw=b"\xef\xbb\xbf" + json.dumps(resource()).encode())
    assert response.status_code == 201, response.content


def test_structure_errors_point_with_fhirpath(api):
    body = resource()
    body["contained"][0]["birthDate"] = "not a date"
    response = api(body)
    assert response.status_code == 422
    expressions = [e for i in outcome(response) for e in i.get("expression", [])]
    assert any(e.startswith("ServiceRequest.contained[0]") for e in expressions), expressions


# ---------------------------------------------------------------- 6. reads and searches


def test_read_and_search_show_the_current_status_and_are_audited(api, programme):
    created = validated(api(resource()))
    before = AuditEvent.objects.filter(action="view").count()
    read = api.get(f"{URL}/{created['id']}")
    assert read.status_code == 200 and validated(read)["extension"][0]["valueCode"] == "submitted"
    search = api.get(f"{URL}?identifier=https://emis.example/referral|EMIS-1")
    bundle = validated(search)
    assert bundle["type"] == "searchset" and bundle["total"] == 1
    assert bundle["entry"][0]["resource"]["id"] == created["id"]
    by_reference = validated(api.get(f"{URL}?identifier={created['identifier'][0]['value']}"))
    assert by_reference["total"] == 1
    assert AuditEvent.objects.filter(action="view").count() == before + 3
    other = OrganisationFactory(programme=programme)
    _, secret = api_token_create(organisation=other, name="Other")
    foreign = Client().get(f"{URL}?identifier=https://emis.example/referral|EMIS-1",
                           HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert validated(foreign)["total"] == 0
    assert api.get(f"{URL}?name=Lovelace").status_code == 400


# ---------------------------------------------------------------- the HL7 R4 examples

# What each example should get, and why. (status, FHIRPath of each issue)
HL7_EXPECTED = {
    "servicerequest-example.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),  # completed CT scan
    "servicerequest-example2.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),  # completed physio
    "servicerequest-example3.json": (422, ["ServiceRequest.doNotPerform", "ServiceRequest.code"]),  # do not turn
    "servicerequest-example4.json": (422, ["ServiceRequest.intent", "ServiceRequest.code"]),  # a plan: bench press
    "servicerequest-example-ambulation.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-appendectomy.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-colonoscopy.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-colonoscopy-bx.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-di.json": (422, ["ServiceRequest.code"]),  # an active order, but a chest CT
    "servicerequest-example-edu.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-ft4.json": (422, ["ServiceRequest.intent", "ServiceRequest.code"]),  # reflex lab test
    "servicerequest-example-implant.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-lipid.json": (422, ["ServiceRequest.code"]),  # active order for a lipid panel
    "servicerequest-example-myringotomy.json": (422, ["ServiceRequest.code"]),  # active referral, to ENT
    "servicerequest-example-ob.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-pgx.json": (422, ["ServiceRequest.code"]),  # genetic test
    "servicerequest-example-pt.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "servicerequest-example-subrequest.json": (422, ["ServiceRequest.intent", "ServiceRequest.code"]),
    "servicerequest-example-ventilation.json": (422, ["ServiceRequest.status", "ServiceRequest.code"]),
    "bundle-transaction.json": (422, ["Bundle.entry"]),  # a transaction of Patients, no ServiceRequest
    "patient-example.json": (422, ["resourceType"]),  # not a ServiceRequest
    **{f"medicationstatementexample{n}.json": (422, ["resourceType"]) for n in range(1, 8)},
}


def test_every_hl7_example_is_in_the_table():
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(HL7_EXPECTED)


@pytest.mark.parametrize("name", sorted(HL7_EXPECTED))
def test_hl7_examples_get_the_answer_for_the_right_reason(api, name):
    status, expressions = HL7_EXPECTED[name]
    raw = (EXAMPLES / name).read_bytes()
    response = api(None, raw=raw)
    assert response.status_code == status, response.content
    assert [e for i in outcome(response) for e in i.get("expression", [])] == expressions
    assert not Referral.objects.exists()


@pytest.mark.parametrize("name", sorted(n for n in HL7_EXPECTED if n.startswith("servicerequest")))
def test_hl7_service_requests_marked_for_rose_are_still_refused_for_their_status_or_intent(api, name):
    """With the ROSE code added, what remains is the request's own reason (or the missing patient)."""
    body = json.loads((EXAMPLES / name).read_text())
    marked = copy.deepcopy(body)
    marked["code"] = {"coding": [{"system": SNOMED, "code": "306109009"}]}
    response = api(marked)
    assert response.status_code in (403, 422)
    expressions = [e for i in outcome(response) for e in i.get("expression", [])]
    semantic = [e for e in HL7_EXPECTED[name][1] if e != "ServiceRequest.code"]
    assert expressions[: len(semantic)] == semantic or (not semantic and response.status_code in (403, 422))
    assert not Referral.objects.exists()


def test_posting_an_example_patient_to_its_own_endpoint_is_not_supported(api):
    response = api(None, raw=(EXAMPLES / "patient-example.json").read_bytes(), url="/fhir/Patient")
    assert response.status_code == 404 and outcome(response)[0]["code"] == "not-supported"
