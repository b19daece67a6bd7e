"""Open the portal the way a patient does: a text link, then the date of birth (rose.patients.link_views)."""

from __future__ import annotations

from django.test import Client

from rose.patients.access_links import access_link_create


def dob_data(patient) -> dict[str, str]:
    dob = patient.date_of_birth
    return {"date_of_birth_day": str(dob.day), "date_of_birth_month": str(dob.month),
            "date_of_birth_year": str(dob.year)}


def portal_client(patient, client: Client | None = None) -> Client:
    client = client or Client()
    token = access_link_create(patient=patient, purpose="portal")
    response = client.post(f"/p/{token}", dob_data(patient))
    assert response.status_code == 302 and response["Location"] == "/portal/", response
    return client
