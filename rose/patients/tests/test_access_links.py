"""Single-use patient links: date of birth first, expiry, lock after wrong answers."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from rose.audit.models import AuditAction, AuditEvent
from rose.patients import hooks
from rose.patients.access_links import access_link_create
from rose.patients.models import Task
from rose.patients.tests.factories import PatientFactory

DOB = {"date_of_birth_day": "17", "date_of_birth_month": "5", "date_of_birth_year": "1960"}


@pytest.fixture
def link(programme):
    patient = PatientFactory(programme=programme, date_of_birth=dt.date(1960, 5, 17), given_name="Secretname")
    return patient, access_link_create(patient=patient, purpose="test")


def test_nothing_about_the_patient_shows_before_the_date_of_birth(client, link):
    patient, token = link
    page = client.get(reverse("links:open", kwargs={"token": token})).content.decode()
    assert "date of birth" in page and "Secretname" not in page and patient.nhs_number not in page


def test_the_right_date_of_birth_opens_the_link_once(client, link):
    _, token = link
    with hooks.link_destination.added(lambda link: "/somewhere/" if link.purpose == "test" else None):
        response = client.post(reverse("links:open", kwargs={"token": token}), DOB)
    assert response.url == "/somewhere/"
    assert AuditEvent.objects.filter(action=AuditAction.PORTAL, actor_label="patient").exists()
    again = client.get(reverse("links:open", kwargs={"token": token}))
    assert again.status_code == 410 and b"already been used" in again.content


def test_three_wrong_dates_of_birth_lock_the_link(client, link):
    _, token = link
    url = reverse("links:open", kwargs={"token": token})
    for _ in range(2):
        response = client.post(url, {**DOB, "date_of_birth_year": "1961"})
        assert b"does not match" in response.content
    response = client.post(url, {**DOB, "date_of_birth_year": "1961"})
    assert b"locked" in response.content
    assert b"locked" in client.post(url, DOB).content


def test_an_expired_link_is_refused_with_a_way_to_ask_for_a_new_one(client, link):
    patient, token = link
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        response = client.get(reverse("links:open", kwargs={"token": token}))
    assert response.status_code == 410 and b"expired" in response.content and b"Ask for a new link" in response.content
    client.post(reverse("links:request_new", kwargs={"token": token}))
    assert Task.objects.filter(patient=patient, kind="new_link_requested").exists()


def test_a_made_up_token_is_not_found(client, db):
    assert client.get(reverse("links:open", kwargs={"token": "guessing"})).status_code == 404
