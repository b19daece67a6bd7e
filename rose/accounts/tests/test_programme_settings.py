"""A service administrator changes their own programme's settings in the Django admin."""

from __future__ import annotations

import pytest

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from tests.roles import ALL_ROLES

pytestmark = pytest.mark.django_db


def change_url(programme) -> str:
    return f"/django-admin/accounts/programme/{programme.pk}/change/"


def form(programme, **changes) -> dict:
    data = {"name": programme.name, "contact_phone": programme.contact_phone,
            "contact_email": programme.contact_email, "contact_hours": programme.contact_hours}
    if programme.sms_drug_names:
        data["sms_drug_names"] = "on"
    data.update(changes)
    return data


def test_an_administrator_turns_on_medicine_names_in_texts_and_it_is_audited(client_for, programme):
    admin = client_for(Role.ADMIN, is_staff=True)
    assert programme.sms_drug_names is False  # off unless the service turns it on
    response = admin.post(change_url(programme), form(programme, sms_drug_names="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.sms_drug_names is True
    event = AuditEvent.objects.get(object_id=str(programme.pk), action="update")
    assert event.detail == {"fields": ["sms_drug_names"]}
    assert event.actor == admin.user


def test_the_dose_settings_cannot_be_changed_here(client_for, programme):
    admin = client_for(Role.ADMIN, is_staff=True)
    admin.post(change_url(programme), form(programme, high_dose_threshold_mg="500",
                                           conversion_table="something-else"))
    programme.refresh_from_db()
    assert (programme.high_dose_threshold_mg, programme.conversion_table) == (120, "opioids-aware-2020")


def test_an_administrator_cannot_see_another_programme(client_for, programme, other_programme):
    admin = client_for(Role.ADMIN, is_staff=True)
    listing = admin.get("/django-admin/accounts/programme/").content.decode()
    assert programme.name in listing and other_programme.name not in listing
    response = admin.post(change_url(other_programme), form(other_programme, sms_drug_names="on"))
    assert response.status_code == 302 and "/django-admin/" in response["Location"]  # "does not exist"
    other_programme.refresh_from_db()
    assert other_programme.sms_drug_names is False


def test_only_administrators_may_open_programme_settings(client_for, programme):
    for role in ALL_ROLES:
        response = client_for(role, is_staff=True).get(change_url(programme))
        assert response.status_code == (200 if role == Role.ADMIN else 403), role
