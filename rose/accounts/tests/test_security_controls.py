"""Issue 12, items 5 and 6 for staff accounts: a fresh TOTP secret on each showing of set-up, lockout by
account and address with a cool-down and an email, and the NCSC password policy."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role

PASSWORD = "correct-horse-battery"
ROOT = Path(__file__).resolve().parents[3]


def _password_only(user, client=None, address="192.0.2.10"):
    client = client or Client(REMOTE_ADDR=address)
    client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    return client


@pytest.fixture
def nurse(make_user):
    return make_user(Role.NURSE)


def test_each_showing_of_set_up_gives_a_new_secret_and_the_old_one_stops_working(nurse):
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        client = _password_only(nurse)
        client.get(reverse("accounts:two_factor"))
        first = TOTPDevice.objects.get(user=nurse, confirmed=False)
        client.get(reverse("accounts:two_factor"))
        second = TOTPDevice.objects.get(user=nurse, confirmed=False)
        assert first.pk != second.pk and first.key != second.key
        old_code = pyotp.TOTP(base64.b32encode(first.bin_key).decode()).now()
        new_code = pyotp.TOTP(base64.b32encode(second.bin_key).decode()).now()
        if old_code != new_code:  # 1 in a million they coincide
            assert b"not right" in client.post(reverse("accounts:two_factor"), {"token": old_code}).content
        traveller.shift(5)  # past django-otp's throttle after a failed code, within the same 30-second step
        response = client.post(reverse("accounts:two_factor"), {"token": new_code})
    assert response.url == reverse("accounts:recovery_codes")
    assert list(TOTPDevice.objects.filter(user=nurse).values_list("pk", flat=True)) == [second.pk]


def test_a_secret_shown_in_another_browser_is_useless_after_enrolment_elsewhere(nurse):
    watched = _password_only(nurse)
    watched.get(reverse("accounts:two_factor"))
    seen_by_someone = TOTPDevice.objects.get(user=nurse, confirmed=False)
    mine = _password_only(nurse, Client(REMOTE_ADDR="192.0.2.11"))
    mine.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)
    mine.post(reverse("accounts:two_factor"), {"token": pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()})
    assert not TOTPDevice.objects.filter(pk=seen_by_someone.pk).exists()
    attacker = _password_only(nurse, Client(REMOTE_ADDR="192.0.2.12"))
    stale = pyotp.TOTP(base64.b32encode(seen_by_someone.bin_key).decode()).now()
    response = attacker.post(reverse("accounts:two_factor"), {"token": stale})
    assert response.status_code == 200 and attacker.get(reverse("patients:list")).status_code == 302


def test_a_code_for_a_secret_this_browser_was_not_shown_is_refused(nurse):
    client = _password_only(nurse)
    response = client.post(reverse("accounts:two_factor"), {"token": "123456"})  # no set-up page seen yet
    assert b"Your set-up code has changed" in response.content
    assert not TOTPDevice.objects.filter(user=nurse, confirmed=True).exists()


def _fail(user, address, times):
    client = Client(REMOTE_ADDR=address)
    for attempt in range(times):
        client.post(reverse("accounts:login"), {"email": user.email, "password": f"wrong-password-{attempt}"})
    return client


def test_lockout_is_by_account_and_address_with_a_cool_down_and_one_email(nurse):
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        attacker = _fail(nurse, "198.51.100.7", 8)
        response = attacker.post(reverse("accounts:login"), {"email": nurse.email, "password": PASSWORD})
        assert response.status_code == 429
        # The owner at their own desk is not locked out by someone guessing elsewhere.
        desk = Client(REMOTE_ADDR="192.0.2.10")
        response = desk.post(reverse("accounts:login"), {"email": nurse.email, "password": PASSWORD})
        assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [nurse.email] and "198.51.100.7" in mail.outbox[0].body
        assert PASSWORD not in mail.outbox[0].body
        traveller.shift(31 * 60)  # after the 30-minute cool-down the address may try again
        response = attacker.post(reverse("accounts:login"), {"email": nurse.email, "password": PASSWORD})
        assert response.status_code == 302


def test_guessing_an_unknown_email_sends_nobody_anything(db):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for attempt in range(6):
        client.post(reverse("accounts:login"), {"email": "nobody@rose.example", "password": f"x-{attempt}"})
    assert mail.outbox == []


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "qwertyuiop123", "123456789012", "iloveyou1234",
                                      "sunshine2026!"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["lantern orchard pebble", "alllowercaseletterswithnodigits"])
def test_long_passwords_need_no_mix_of_character_types(password):
    validate_password(password)


def test_production_settings_refuse_the_text_simulator():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rose.config.settings.production",
           "DJANGO_SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "ROSE_STUDY_ID_KEY": "k", "ROSE_SMS_PROVIDER": "simulator"}
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode != 0 and "ROSE_SMS_PROVIDER=notify or twilio" in result.stderr
    env["ROSE_SMS_PROVIDER"] = "notify"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-500:]
