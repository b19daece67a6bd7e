"""FHIR intake: POST /fhir/ServiceRequest and GET /fhir/ServiceRequest/{id}."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rose.accounts.tests.factories import OrganisationFactory
from rose.referrals.models import ApiToken, Referral
from rose.referrals.services import api_token_create, api_token_revoke

pytestmark = [pytest.mark.django_db]

URL = "/fhir/ServiceRequest"


def resource(**overrides):
    body = {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "306109009",
                             "display": "Referral to pain management service"}]},
        "identifier": [{"system": "https://emis.example/referral", "value": "EMIS-1"}],
        "subject": {"reference": "#patient"},
        "requester": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "P81001"}},
        "reasonCode": [{"text": "Long-term opioids for back pain"}],
        "contained": [
            {"resourceType": "Patient", "id": "patient",
             "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018"}],
             "name": [{"given": ["Ada"], "family": "Lovelace"}], "birthDate": "1955-12-10",
             "telecom": [{"system": "phone", "value": "07700 900123", "use": "mobile"}]},
            {"resourceType": "MedicationStatement", "id": "med1", "status": "active",
             "subject": {"reference": "#patient"},
             "medicationCodeableConcept": {"text": "Morphine 10mg modified-release tablets"},
             "dosage": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                         "doseAndRate": [{"doseQuantity": {"value": 3, "unit": "tablet"}}]}]},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def organisation(programme):
    return OrganisationFactory(programme=programme, ods_code="P81001", name="Test Surgery")


@pytest.fixture
def api(client, organisation):
    _, secret = api_token_create(organisation=organisation, name="EMIS")

    def post(body, raw=None, token=secret):
        data = raw if raw is not None else json.dumps(body)
        return client.post(URL, data=data, content_type="application/fhir+json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")

    post.secret = secret
    post.client = client
    return post


def issues(response):
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return " | ".join(issue["diagnostics"] for issue in body["issue"])


def test_valid_service_request_creates_a_submitted_referral(api, organisation):
    response = api(resource())
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert response["Location"].endswith(f"/fhir/ServiceRequest/{referral.pk}")
    assert referral.status == "submitted" and referral.source == "fhir"
    assert referral.referrer_organisation == organisation and referral.nhs_number == "9990000018"
    assert referral.total_ome_mg == 60 and referral.reference.startswith("ROSE-")
    assert referral.external_id == "EMIS-1" and referral.mobile == "+447700900123"
    assert referral.flag_ineligible  # eligibility not answered: highlighted for the team
    body = response.json()
    assert body["resourceType"] == "ServiceRequest" and body["status"] == "active"
    read = api.client.get(f"{URL}/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {api.secret}")
    assert read.status_code == 200 and read.json()["extension"][0]["valueCode"] == "submitted"


def test_transaction_bundle_is_accepted(api):
    sr = resource()
    patient, med = sr.pop("contained")
    sr["subject"] = {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}
    med["subject"] = {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}
    patient.pop("id")
    med.pop("id")
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222", "resource": sr,
         "request": {"method": "POST", "url": "ServiceRequest"}},
        {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": patient,
         "request": {"method": "POST", "url": "Patient"}},
        {"fullUrl": "urn:uuid:33333333-3333-4333-8333-333333333333", "resource": med,
         "request": {"method": "POST", "url": "MedicationStatement"}},
    ]}
    response = api(bundle)
    assert response.status_code == 201, response.content
    assert Referral.objects.get().total_ome_mg == 60


def _without_subject():
    body = resource()
    body.pop("subject")
    return body


def _system(system):
    body = resource()
    body["contained"][0]["identifier"][0]["system"] = system
    return body


def _product(name):
    body = resource()
    body["contained"][1]["medicationCodeableConcept"]["text"] = name
    return body


def _dose(value):
    body = resource()
    body["contained"][1]["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] = value
    return body


@pytest.mark.parametrize(("body", "raw", "status", "message"), [
    (None, b"{not json", 400, "not valid JSON"),
    (None, b"[1, 2]", 400, "JSON object"),
    ({"resourceType": "Patient"}, None, 422, "resourceType must be ServiceRequest"),
    (_without_subject(), None, 422, "subject"),
    (_system("https://example.org/mrn"), None, 422, "https://fhir.nhs.uk/Id/nhs-number"),
    (_product("Unicorn tears 10mg"), None, 422, "not in the ROSE formulary"),
    (_dose(-1), None, 422, "above zero"),
    (_dose(500), None, 422, "units_per_dose"),
    (resource(subject="Patient/1"), None, 422, "subject"),
])
def test_bad_resources_get_an_operation_outcome(api, body, raw, status, message):
    response = api(body, raw=raw)
    assert response.status_code == status, response.content
    assert message in issues(response) or message in json.dumps(response.json())
    assert not Referral.objects.exists()


def test_requester_of_another_organisation_is_forbidden(api):
    body = resource(requester={"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code",
                                              "value": "Y99999"}})
    assert api(body).status_code == 403


def test_missing_unknown_and_revoked_tokens_are_refused(api, client):
    assert client.post(URL, data="{}", content_type="application/fhir+json").status_code == 401
    assert api(resource(), token="rose_guess").status_code == 401
    token = ApiToken.objects.get()
    assert token.token_hash != api.secret and api.secret not in token.token_hash
    api_token_revoke(token=token)
    response = api(resource())
    assert response.status_code == 401 and "revoked" in issues(response)


def test_another_organisation_cannot_read_the_referral(api, programme, client):
    referral_id = api(resource()).json()["id"]
    other = OrganisationFactory(programme=programme)
    _, secret = api_token_create(organisation=other, name="Other")
    response = client.get(f"{URL}/{referral_id}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404 and issues(response)
    assert client.get(f"{URL}/not-a-uuid", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 404


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                           | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["status", "subject", "contained", "requester", "reasonCode", "identifier",
                             "contained.0.identifier", "contained.0.birthDate", "contained.0.name",
                             "contained.1.dosage", "contained.1.medicationCodeableConcept", "resourceType"]),
       value=json_values)
def test_property_any_mutated_resource_gets_201_or_an_operation_outcome(api, path, value):
    body = copy.deepcopy(resource())
    target = body
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value
    response = api(body)
    assert response.status_code in (200, 201, 400, 403, 422), response.content  # 200: identifier already sent
    if response.status_code not in (200, 201):
        assert response.json()["resourceType"] == "OperationOutcome"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_property_arbitrary_bytes_never_give_a_500(api, raw):
    response = api(None, raw=raw)
    assert response.status_code in (400, 422)
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_child_is_refused_with_the_reason_and_no_referral_is_made(api):
    body = resource()
    body["contained"][0]["birthDate"] = (dt.date.today() - dt.timedelta(days=17 * 365)).isoformat()
    response = api(body)
    assert response.status_code in (400, 422), response.content
    assert "18 or over" in issues(response)
    assert response.json()["issue"][0]["expression"] == ["ServiceRequest.contained[0].birthDate"]
    assert not Referral.objects.exists()


def test_a_patient_of_18_is_accepted(api):
    today = dt.date.today()
    body = resource()
    body["contained"][0]["birthDate"] = today.replace(year=today.year - 18, day=min(today.day, 28)).isoformat()
    assert api(body).status_code == 201
