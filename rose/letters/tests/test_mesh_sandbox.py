"""A GP letter sent through a running mesh-sandbox (NHS England's local MESH server) and read back
from the practice's mailbox, with the practice's ACK returned and recorded."""

from __future__ import annotations

import base64
import json

import pytest
from django.utils import timezone

from rose.letters import itk, services, transport
from rose.letters.models import DeliveryState, LetterDelivery
from rose.letters.tests.factories import approved_version
from rose.letters.tests.sandbox import PASSWORD, PRACTICE, SENDER, SHARED_KEY, running_sandbox
from rose.patients.models import Task

pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def sandbox_url():
    try:
        with running_sandbox() as url:
            yield url
    except (ImportError, RuntimeError) as exc:  # pragma: no cover - only when the package is missing
        pytest.skip(f"mesh-sandbox could not start on 127.0.0.1: {exc}")


@pytest.fixture
def mesh_settings(settings, sandbox_url):
    settings.ROSE_MESH_URL = sandbox_url
    settings.ROSE_MESH_MAILBOX_ID, settings.ROSE_MESH_PASSWORD = SENDER, PASSWORD
    settings.ROSE_MESH_SHARED_KEY = SHARED_KEY
    settings.ROSE_MESH_CLIENT_CERT = settings.ROSE_MESH_CLIENT_KEY = settings.ROSE_MESH_CA_CERT = ""
    settings.ROSE_MESH_AUTOMATED_ROUTING = False  # the sandbox has no PDS: a configured mapping stands in
    settings.ROSE_LETTERS_SENDER_ODS = "RWJ"
    return settings


def practice_client(settings):
    config = transport.MeshConfig.from_settings()
    return transport.mesh_client(config, mailbox_id=PRACTICE, password=PASSWORD)


def test_a_letter_reaches_the_practice_mailbox_and_its_ack_is_recorded(mesh_settings, programme):
    from fhir.resources.STU3.bundle import Bundle

    version = approved_version(programme=programme)  # the PDF is made by plans' own renderer when sent
    practice = version.plan.patient.gp_practice
    mesh_settings.ROSE_MESH_PRACTICE_MAILBOXES = [f"{practice.ods_code}={PRACTICE}"]
    services.letters_enqueue_new()
    assert services.letters_send_due() == 1
    delivery = LetterDelivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.mesh_message_id and delivery.recipient == PRACTICE

    with practice_client(mesh_settings) as client:
        assert delivery.mesh_message_id in client.list_messages(workflow_filter=itk.WORKFLOW)
        message = client.retrieve_message(delivery.mesh_message_id)
        body = message.read()
        assert message.workflow_id == itk.WORKFLOW and message.local_id == str(delivery.tracking_id)
        message.acknowledge()
        bundle = json.loads(body)
        Bundle.model_validate(bundle)  # a valid FHIR STU3 message, as ITK3 requires
        header = bundle["entry"][0]["resource"]
        assert header["resourceType"] == "MessageHeader" and header["id"] == str(delivery.tracking_id)
        document = bundle["entry"][1]["resource"]
        kinds = {e["resource"]["resourceType"]: e["resource"] for e in document["entry"]}
        assert set(kinds) == {"Composition", "Patient", "Organization", "Binary"}
        assert base64.b64decode(kinds["Binary"]["content"]).startswith(b"%PDF")
        assert kinds["Patient"]["identifier"][0]["value"] == version.plan.patient.nhs_number
        assert kinds["Organization"]["identifier"][0]["value"] == "RWJ"
        ack = itk.ack_message(tracking_id=header["id"], practice_ods=practice.ods_code, now=timezone.now())
        client.send_message(SENDER, json.dumps(ack).encode(), workflow_id=itk.ACK_WORKFLOW)

    assert services.letters_collect_acks() == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.ACKNOWLEDGED
    assert services.letters_collect_acks() == 0  # the ACK was taken off the inbox


def test_an_unknown_practice_mailbox_fails_and_tells_the_team(mesh_settings, programme):
    version = approved_version(programme=programme, pdf=b"%PDF-1.4 test")
    practice = version.plan.patient.gp_practice
    mesh_settings.ROSE_MESH_PRACTICE_MAILBOXES = [f"{practice.ods_code}=NOSUCHBOX"]
    services.letters_enqueue_new()
    services.letters_send_due()
    delivery = LetterDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "Unregistered" in delivery.last_error
    assert Task.objects.filter(kind="gp_letter_failed", patient=version.plan.patient).exists()
