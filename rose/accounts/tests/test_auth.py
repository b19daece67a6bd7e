"""Sign-in: password, then TOTP or a recovery code; lockout; session lifetime; admin reset."""

from __future__ import annotations

import base64

import pyotp
import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.accounts.services import recovery_codes_issue
from rose.audit.models import AuditAction, AuditEvent
from tests.roles import check_roles

PASSWORD = "correct-horse-battery"


def code_for(device: TOTPDevice) -> str:
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def sign_in(client: Client, user, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"email": user.email, "password": password})


@pytest.fixture
def nurse(make_user):
    return make_user(Role.NURSE)


def test_a_correct_password_leads_to_the_two_factor_step_not_into_the_service(client, nurse):
    response = sign_in(client, nurse)
    assert response.url == reverse("accounts:two_factor")
    assert client.get(reverse("patients:list")).url == reverse("accounts:two_factor")


def test_a_wrong_password_is_refused_with_an_error_summary_and_audited(client, nurse):
    response = sign_in(client, nurse, "wrong-password-123")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter a correct email address and password" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 1


def test_a_first_sign_in_sets_up_an_authenticator_and_shows_recovery_codes(client, nurse):
    sign_in(client, nurse)
    response = client.get(reverse("accounts:two_factor"))
    assert b"Set up two-factor sign-in" in response.content
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"token": code_for(device)})
    assert response.url == reverse("accounts:recovery_codes")
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    codes = StaticDevice.objects.get(user=nurse).token_set.values_list("token", flat=True)
    assert len(codes) == 10 and all(code in page for code in codes)
    assert client.get(reverse("patients:list")).status_code == 200


def test_a_registered_user_signs_in_with_a_totp_code(client, nurse):
    device = TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    sign_in(client, nurse)
    response = client.post(reverse("accounts:two_factor"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("patients:list")).status_code == 200


def test_a_wrong_code_is_refused_with_a_specific_message(client, nurse):
    TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    sign_in(client, nurse)
    response = client.post(reverse("accounts:two_factor"), {"token": "123456"})
    assert b"The security code is not right" in response.content
    assert client.get(reverse("patients:list")).status_code == 302


def test_a_recovery_code_works_once(client, nurse):
    TOTPDevice.objects.create(user=nurse, name="app", confirmed=True)
    code = recovery_codes_issue(user=nurse)[0]
    sign_in(client, nurse)
    assert client.post(reverse("accounts:two_factor"), {"token": code}).status_code == 302
    other = Client()
    sign_in(other, nurse)
    assert b"not right" in other.post(reverse("accounts:two_factor"), {"token": code}).content


def test_repeated_failures_lock_the_account(client, nurse):
    for _ in range(5):
        sign_in(client, nurse, "wrong-password-123")
    response = sign_in(client, nurse)
    assert response.status_code == 429
    assert b"Your account is locked" in response.content


def test_an_administrator_can_reset_someones_two_factor(client_for, make_user):
    admin = client_for(Role.ADMIN)
    member = make_user(Role.NURSE)
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    response = admin.post(reverse("accounts:two_factor_reset", kwargs={"staff_id": member.pk}))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR, object_id=str(member.pk)).exists()


def test_staff_of_another_programme_cannot_be_reset(client_for, make_user, other_programme):
    admin = client_for(Role.ADMIN)
    outsider = make_user(Role.NURSE, programme=other_programme)
    response = admin.post(reverse("accounts:two_factor_reset", kwargs={"staff_id": outsider.pk}))
    assert response.status_code == 404


def test_only_administrators_reach_administration_pages(client_for, make_user):
    check_roles(client_for, reverse("accounts:admin_home"), [Role.ADMIN])
    member = make_user(Role.NURSE)
    check_roles(client_for, reverse("accounts:user_activity", kwargs={"staff_id": member.pk}), [Role.ADMIN])


def test_two_factor_reset_is_refused_to_every_other_role(client_for, make_user):
    member = make_user(Role.NURSE)
    url = reverse("accounts:two_factor_reset", kwargs={"staff_id": member.pk})
    check_roles(client_for, url, [Role.ADMIN], method="post")


def test_a_session_ends_after_30_minutes_idle(client_for):
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        client = client_for(Role.NURSE)
        assert client.get(reverse("patients:list")).status_code == 200
        traveller.shift(29 * 60)
        assert client.get(reverse("patients:list")).status_code == 200
        traveller.shift(31 * 60)
        response = client.get(reverse("patients:list"))
        assert response.status_code == 302 and response.url == reverse("accounts:login")


def test_the_idle_clock_is_written_at_most_once_a_minute_not_on_every_page(client_for):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("patients:list")).status_code == 200
        return [q["sql"] for q in queries if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(
            ("UPDATE", "INSERT"))]

    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        client = client_for(Role.NURSE)
        session_writes(client)  # the first page records when the user was last seen
        traveller.shift(20)
        assert session_writes(client) == []  # 20 seconds later: nothing to write
        traveller.shift(45)
        assert len(session_writes(client)) == 1  # over a minute since the last write
        key = client.session.session_key
        assert Session.objects.get(session_key=key).get_decoded()["rose_last_seen"] == int(
            __import__("time").time())


def test_an_idle_session_never_outlives_the_limit_though_the_clock_is_written_once_a_minute(client_for):
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        client = client_for(Role.NURSE)
        assert client.get(reverse("patients:list")).status_code == 200
        traveller.shift(50)
        assert client.get(reverse("patients:list")).status_code == 200  # not written: within the minute
        traveller.shift(30 * 60 - 49)  # 30 min 1 s after the last page, 30 min 51 s after the last write
        response = client.get(reverse("patients:list"))
        assert response.status_code == 302 and response.url == reverse("accounts:login")


def test_a_session_ends_after_12_hours_however_active(client_for):
    with time_machine.travel("2027-01-04 08:00:00+00:00", tick=False) as traveller:
        client = client_for(Role.NURSE)
        assert client.get(reverse("patients:list")).status_code == 200  # the session starts at 08:00
        for _ in range(24):  # active every 29 minutes until 19:36
            traveller.shift(29 * 60)
            assert client.get(reverse("patients:list")).status_code == 200
        traveller.shift(29 * 60)  # 20:05, over 12 hours since sign-in
        response = client.get(reverse("patients:list"))
        assert response.status_code == 302 and response.url == reverse("accounts:login")


@override_settings(DEBUG=True, ROSE_DEMO=True)
def test_demo_mode_skips_two_factor_and_shows_a_loud_banner(client, nurse):
    sign_in(client, nurse)
    response = client.get(reverse("patients:list"))
    assert response.status_code == 200
    assert b"Demonstration system" in response.content


@override_settings(DEBUG=False, ROSE_DEMO=True)
def test_demo_flag_alone_never_skips_two_factor(client, nurse):
    sign_in(client, nurse)
    assert client.get(reverse("patients:list")).status_code == 302


def test_sign_out_is_a_post_and_audited(client_for):
    client = client_for(Role.NURSE)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).exists()
    assert client.get(reverse("patients:list")).status_code == 302


def test_django_admin_sends_people_to_the_rose_sign_in(client, db):
    response = client.get("/django-admin/")
    assert response.status_code == 302


def test_a_prescriber_must_have_a_professional_register(make_user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(Role.PRESCRIBER, professional_register="", registration_number="")
