"""Issue 12, item 3: service administrators are not superusers; the admin is scoped and audited.

Before the fix the demo's service administrator was a Django superuser: the Django admin let programme
B's administrator read programme A's texts, every user's TOTP secret and recovery codes, edit A's
reply templates and un-revoke A's FHIR token; in the app a superuser passed every permission check."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rules.permissions import permissions as rules_permissions

from conftest import login_verified
from rose.accounts.models import User
from rose.accounts.roles import Role
from rose.audit.admin import SECRET_MODELS
from rose.audit.models import AuditAction, AuditEvent
from rose.messaging.models import ReplyTemplate


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("operator@rose.example", "correct-horse-battery",
                                         first_name="Olu", last_name="Operator")


def test_an_installation_operator_has_no_role_no_programme_and_no_rose_permission(operator):
    assert operator.is_superuser and operator.role == "" and operator.programme_id is None
    rose_perms = [name for name in rules_permissions if name.split(".")[0] in
                  {"patients", "plans", "messaging", "referrals", "accounts", "outcomes", "groups", "hub"}]
    assert rose_perms and not any(operator.has_perm(name) for name in rose_perms)


def test_a_superuser_cannot_be_made_with_a_role_or_programme(programme):
    with pytest.raises(ValueError):
        User.objects.create_superuser("x@rose.example", "correct-horse-battery", role=Role.ADMIN)
    with pytest.raises(ValueError):
        User.objects.create_superuser("y@rose.example", "correct-horse-battery", programme=programme)


def test_a_superuser_is_refused_patient_pages(operator, patient):
    client = login_verified(Client(), operator)
    assert client.get(reverse("patients:list")).status_code == 403
    assert client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).status_code in (403, 404)


def test_a_superuser_left_over_in_a_programme_passes_no_permission_check(make_user, patient):
    # Old data: a prescriber who was also a superuser. The role decides, never is_superuser.
    user = make_user(Role.NURSE, is_superuser=True, is_staff=True)
    assert not user.has_perm("plans.manage_plan") and not user.has_perm("patients.view_patient")
    client = login_verified(Client(), user)
    assert client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).status_code == 403
    user.is_superuser = False
    assert user.has_perm("plans.manage_plan") and user.has_perm("patients.view_patient")


def test_the_migration_demotes_superusers_who_belong_to_a_programme(make_user, operator):
    admin_user = make_user(Role.ADMIN, is_superuser=True, is_staff=True)
    migration = importlib.import_module("rose.accounts.migrations.0003_service_administrators_are_not_superusers")
    migration.forwards(django_apps, None)
    admin_user.refresh_from_db()
    operator.refresh_from_db()
    assert not admin_user.is_superuser and admin_user.is_staff
    assert operator.is_superuser


def test_no_admin_page_shows_totp_keys_recovery_codes_or_api_tokens():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered & SECRET_MODELS


def test_the_secret_pages_are_gone_even_for_an_operator(operator):
    client = login_verified(Client(), operator)
    for path in ("/django-admin/otp_totp/totpdevice/", "/django-admin/otp_static/staticdevice/",
                 "/django-admin/referrals/apitoken/"):
        assert client.get(path).status_code == 404, path
    body = client.get("/django-admin/").content.decode()
    assert "TOTP" not in body and "Static device" not in body


@pytest.fixture
def two_templates(programme, other_programme):
    ours = ReplyTemplate.objects.create(programme=programme, name="Ours", body="Call us")
    theirs = ReplyTemplate.objects.create(programme=other_programme, name="Theirs", body="Call them")
    return ours, theirs


def _admin_client(make_user) -> Client:
    return login_verified(Client(), make_user(Role.ADMIN, is_staff=True))


def test_a_service_administrator_sees_and_edits_only_their_own_programmes_rows(make_user, two_templates):
    ours, theirs = two_templates
    client = _admin_client(make_user)
    listing = client.get("/django-admin/messaging/replytemplate/")
    assert listing.status_code == 200
    assert "Ours" in listing.content.decode() and "Theirs" not in listing.content.decode()
    other_page = client.get(f"/django-admin/messaging/replytemplate/{theirs.pk}/change/")
    assert other_page.status_code == 302  # Django's "does not exist" answer
    client.post(f"/django-admin/messaging/replytemplate/{theirs.pk}/change/",
                {"name": "Hijacked", "body": "x", "active": "on"})
    theirs.refresh_from_db()
    assert theirs.name == "Theirs" and theirs.programme_id != ours.programme_id


def test_an_admin_change_is_audited_with_the_fields_not_their_values(make_user, two_templates):
    ours, _ = two_templates
    client = _admin_client(make_user)
    response = client.post(f"/django-admin/messaging/replytemplate/{ours.pk}/change/",
                           {"name": "Ours", "body": "Call the team on 0161 000 0000", "active": "on"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.body.startswith("Call the team")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(ours.pk))
    assert event.detail == {"admin": True, "fields": ["Body"]}  # the field labels Django logs
    assert "0161" not in str(event.detail)


def test_an_admin_page_view_is_audited(make_user, two_templates):
    client = _admin_client(make_user)
    client.get("/django-admin/messaging/replytemplate/")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW,
                                     path_name="admin:messaging_replytemplate_changelist").exists()


def test_an_addition_joins_the_administrators_programme_whatever_is_posted(make_user, programme, other_programme):
    client = _admin_client(make_user)
    client.post("/django-admin/messaging/replytemplate/add/",
                {"name": "New", "body": "Hello", "active": "on", "programme": str(other_programme.pk)})
    assert ReplyTemplate.objects.get(name="New").programme_id == programme.pk
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="messaging.ReplyTemplate").exists()


def test_an_operator_sees_no_programmes_rows_in_the_admin(operator, two_templates):
    client = login_verified(Client(), operator)
    assert client.get("/django-admin/messaging/replytemplate/").status_code == 403
    assert client.get("/django-admin/messaging/outboundmessage/").status_code == 403


def test_other_roles_with_admin_access_still_get_nothing(make_user, two_templates):
    nurse = make_user(Role.NURSE, is_staff=True)
    TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    client = login_verified(Client(), nurse)
    assert client.get("/django-admin/messaging/replytemplate/").status_code == 403
