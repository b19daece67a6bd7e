"""Sessions kept in the shared cache (cached_db, production's engine with Redis) change nothing about
when access ends: only the session's own data is cached; the user and the two-factor device are loaded
and checked on every request. Each test runs with the database engine and the cached one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.accounts.services import two_factor_reset

pytestmark = pytest.mark.django_db

ENGINES = ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]


@pytest.fixture(params=ENGINES, ids=["db", "cached_db"])
def signed_in(request, settings, client_for):
    settings.SESSION_ENGINE = request.param
    client = client_for(Role.NURSE)
    page = reverse("patients:list")
    assert client.get(page).status_code == 200  # signed in, verified; the session is now cached
    return client, page


def test_the_cached_engine_reads_no_session_row(settings, client_for):
    settings.SESSION_ENGINE = ENGINES[1]
    client = client_for(Role.NURSE)
    client.get(reverse("patients:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("patients:list")).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_session" not in tables
    assert "accounts_user" in tables and "otp_totp_totpdevice" in tables  # still checked every request


def test_a_disabled_account_is_signed_out_on_the_next_request(signed_in):
    client, page = signed_in
    type(client.user).objects.filter(pk=client.user.pk).update(is_active=False)
    response = client.get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_changed_password_ends_other_sessions_on_the_next_request(signed_in):
    client, page = signed_in
    user = type(client.user).objects.get(pk=client.user.pk)
    user.set_password("a-new-long-password-1")
    user.save()
    response = client.get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_removed_authenticator_takes_effect_on_the_next_request(signed_in, make_user):
    client, page = signed_in
    two_factor_reset(user=client.user, actor=make_user(Role.ADMIN))
    assert not TOTPDevice.objects.filter(user=client.user).exists()
    assert client.get(page).url == reverse("accounts:two_factor")


def test_a_signed_out_session_cannot_be_used_again(signed_in):
    client, page = signed_in
    copy = Client()
    copy.cookies = client.cookies.__class__(client.cookies)  # the same session cookie, kept elsewhere
    assert copy.get(page).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    response = copy.get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
