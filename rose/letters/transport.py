"""How a letter leaves ROSE: MESH (NHS England's mesh-client) or email to NHSmail (Django's backend).

MESH settings come from the environment (see .env.example). In production `Mex-To` is the
automated routing address GPPROVIDER_<NHS number>_<date of birth>_<surname>, which MESH resolves
to the patient's registered practice; elsewhere (the local mesh-sandbox) a configured mapping from
practice ODS code to mailbox stands in for that routing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage


class TransportError(Exception):
    """A send that did not happen. `permanent` errors are not retried (an unknown recipient)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class MeshConfig:
    url: str
    mailbox_id: str
    password: str
    shared_key: str
    client_cert: str = ""
    client_key: str = ""
    ca_cert: str = ""

    @classmethod
    def from_settings(cls) -> MeshConfig | None:
        url = getattr(settings, "ROSE_MESH_URL", "")
        if not url:
            return None
        return cls(url=url, mailbox_id=settings.ROSE_MESH_MAILBOX_ID, password=settings.ROSE_MESH_PASSWORD,
                   shared_key=settings.ROSE_MESH_SHARED_KEY, client_cert=settings.ROSE_MESH_CLIENT_CERT,
                   client_key=settings.ROSE_MESH_CLIENT_KEY, ca_cert=settings.ROSE_MESH_CA_CERT)


def mesh_client(config: MeshConfig, mailbox_id: str | None = None, password: str | None = None) -> Any:
    from mesh_client import MeshClient

    cert = (config.client_cert, config.client_key) if config.client_cert else None
    return MeshClient(config.url, mailbox_id or config.mailbox_id, password or config.password,
                      shared_key=config.shared_key.encode(), cert=cert, verify=config.ca_cert or None,
                      max_retries=0, timeout=60, application_name="ROSE")


def automated_routing_address(*, nhs_number: str, date_of_birth: Any, family_name: str) -> str:
    """GPPROVIDER_<NHS number>_<YYYYMMDD>_<surname>: MESH finds the patient's registered practice."""
    surname = re.sub(r"\s+", "", family_name.upper())  # as recorded, upper case, without spaces
    return f"GPPROVIDER_{nhs_number}_{date_of_birth:%Y%m%d}_{surname}"


def practice_mailboxes() -> dict[str, str]:
    """ROSE_MESH_PRACTICE_MAILBOXES: "ODS=MAILBOX" pairs, for the sandbox and practices outside routing.
    "*=MAILBOX" sends every other practice's letters to one mailbox (the local sandbox's demo practice)."""
    pairs = (item.split("=", 1) for item in getattr(settings, "ROSE_MESH_PRACTICE_MAILBOXES", []) if "=" in item)
    return {ods.strip().upper(): mailbox.strip() for ods, mailbox in pairs}


def mesh_send(*, config: MeshConfig, to: str, body: bytes, tracking_id: str, subject: str) -> str:
    """Post the message to our MESH outbox; the MESH message id, or TransportError."""
    from mesh_client import MeshError
    from requests import RequestException

    from rose.letters.itk import WORKFLOW

    try:
        with mesh_client(config) as client:
            return str(client.send_message(to, body, workflow_id=WORKFLOW, local_id=tracking_id, subject=subject,
                                           filename=f"{tracking_id}.json", content_type="application/fhir+json"))
    except MeshError as exc:
        text = str(exc)[:200]
        raise TransportError(f"MESH refused the message: {text}", permanent="Unregistered" in text) from exc
    except (RequestException, OSError) as exc:
        raise TransportError(f"MESH could not be reached: {type(exc).__name__}") from exc


def email_send(*, to: str, pdf: bytes, filename: str) -> None:
    """Email the letter to the practice's NHSmail address. The subject and body hold no patient details."""
    if not to.strip().lower().endswith("@nhs.net"):
        raise TransportError("Letters are only emailed to nhs.net addresses", permanent=True)
    message = EmailMessage(
        subject="Letter from the ROSE opioid reduction service",
        body="Please find attached a letter from the ROSE opioid reduction service about one of your patients.\n\n"
             "This mailbox is not monitored. Contact the ROSE team through the details in the letter.",
        from_email=settings.DEFAULT_FROM_EMAIL, to=[to.strip()])
    message.attach(filename, pdf, "application/pdf")
    try:
        message.send(fail_silently=False)
    except OSError as exc:
        raise TransportError(f"The email could not be sent: {type(exc).__name__}") from exc
