"""Issue 12, item 6: patient pages lacked Cache-Control: no-store, so a clinic PC's browser cache or back
button could show a patient's record after the member of staff signed out."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rose.accounts.roles import Role


def test_a_patient_page_is_never_stored(client_for, patient):
    response = client_for(Role.NURSE).get(reverse("patients:detail", kwargs={"patient_id": patient.pk}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_patient_link_pages_are_never_stored(db):
    response = Client().get("/p/not-a-real-token")
    assert "no-store" in response["Cache-Control"]


def test_public_information_pages_may_be_cached(db):
    response = Client().get(reverse("core:accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")
