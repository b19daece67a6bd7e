"""Issue 12, item 1: with a password alone only sign-in, the two-factor step and sign-out open.

Before the fix every path under /accounts/ was public, so a password-only administrator could open
the staff administration pages, reset anyone's two-factor (their own included) and then enrol a new
authenticator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.middleware import PRE_TWO_FACTOR_ROUTES, is_reachable_before_two_factor
from rose.accounts.roles import Role
from rose.audit.models import AuditAction, AuditEvent

PASSWORD = "correct-horse-battery"


def password_only(user) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert response.url == reverse("accounts:two_factor")
    return client


@pytest.fixture
def admin_with_app(make_user):
    admin = make_user(Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    return admin


def test_a_password_only_administrator_cannot_open_the_administration_pages(admin_with_app, make_user):
    client = password_only(admin_with_app)
    member = make_user(Role.NURSE)
    for url in (reverse("accounts:admin_home"), reverse("accounts:user_activity", kwargs={"staff_id": member.pk})):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("accounts:two_factor"), url


def test_a_password_only_administrator_cannot_reset_a_colleagues_two_factor(admin_with_app, make_user):
    member = make_user(Role.NURSE)
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    client = password_only(admin_with_app)
    response = client.post(reverse("accounts:two_factor_reset", kwargs={"staff_id": member.pk}))
    assert response.url == reverse("accounts:two_factor")
    assert TOTPDevice.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR).exists()


def test_a_password_only_administrator_cannot_reset_their_own_two_factor_and_enrol_again(admin_with_app):
    client = password_only(admin_with_app)
    client.post(reverse("accounts:two_factor_reset", kwargs={"staff_id": admin_with_app.pk}))
    assert TOTPDevice.objects.filter(user=admin_with_app, confirmed=True).exists()
    # Still asked for a code from the existing authenticator, not offered a new one.
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Enter your security code" in page and "Set up two-factor" not in page
    assert client.get(reverse("patients:list")).url == reverse("accounts:two_factor")


def test_the_reset_view_refuses_an_unverified_session_even_without_the_gate(admin_with_app, make_user, rf):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from rose.accounts.views import two_factor_reset_view

    member = make_user(Role.NURSE)
    request = rf.post("/")
    request.user = admin_with_app
    request.user.is_verified = lambda: False
    request.session = SessionStore()
    with pytest.raises(Exception) as raised:
        two_factor_reset_view(request, staff_id=str(member.pk))
    assert type(raised.value).__name__ == "PermissionDenied"


def test_a_verified_reset_of_a_colleague_is_audited_with_who_and_whom(client_for, make_user):
    admin = client_for(Role.ADMIN)
    member = make_user(Role.NURSE)
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    admin.post(reverse("accounts:two_factor_reset", kwargs={"staff_id": member.pk}))
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR)
    assert event.actor_id == admin.user.pk and event.object_id == str(member.pk)
    assert event.path_name == "accounts:two_factor_reset"
    assert event.detail == {"event": "reset", "own_account": False}


def test_sign_in_two_factor_and_sign_out_stay_reachable_with_a_password_alone(admin_with_app):
    client = password_only(admin_with_app)
    assert client.get(reverse("accounts:two_factor")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")


def _account_routes(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _account_routes(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and namespace == "accounts:":
            yield f"{namespace}{entry.name}", entry


def test_every_other_accounts_route_needs_two_factor_matched_by_name_not_prefix():
    routes = dict(_account_routes(get_resolver().url_patterns))
    assert set(routes) >= PRE_TWO_FACTOR_ROUTES
    for name in routes:
        kwargs = {key: "00000000-0000-0000-0000-000000000000" for key in routes[name].pattern.converters}
        path = reverse(name, kwargs=kwargs)
        assert is_reachable_before_two_factor(path) is (name in PRE_TWO_FACTOR_ROUTES), name
    # Lookalike paths under the old public prefix are not let through.
    assert not is_reachable_before_two_factor("/accounts/login/extra/")
    assert not is_reachable_before_two_factor("/accounts/anything/")
