"""Issue 12, item 2: Wagtail's own sign-in pages were a second way in, with no lockout and no audit.

They posted `username`, which the lockout did not count: 30 wrong passwords and then the right one
signed in. Now every Django LoginView in the URL configuration is shadowed by a redirect to ROSE's
sign-in (password, lockout, two-factor, audit)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.views import LoginView
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditAction, AuditEvent

PASSWORD = "correct-horse-battery"
WAGTAIL_LOGINS = ("/cms/login/", "/learn/_util/login/")


def _login_view_paths(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _login_view_paths(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, LoginView):
                yield "/" + prefix + str(entry.pattern)


def test_no_login_view_but_roses_own_is_reachable():
    found = set(_login_view_paths(get_resolver().url_patterns))
    assert set(WAGTAIL_LOGINS) <= found  # the walk does find Wagtail's views...
    for path in found:  # ...and each path now resolves to the redirect instead
        view_class = getattr(resolve(path).func, "view_class", None)
        assert not (view_class and issubclass(view_class, LoginView)), path


@pytest.mark.parametrize("path", WAGTAIL_LOGINS)
def test_wagtail_sign_in_pages_send_people_to_the_rose_sign_in_keeping_next(client, db, path):
    response = client.get(path + "?next=/cms/pages/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=" + quote("/cms/pages/")


@pytest.mark.parametrize("path", WAGTAIL_LOGINS)
def test_thirty_wrong_passwords_then_the_right_one_through_wagtail_do_not_sign_in(path, make_user):
    admin = make_user(Role.ADMIN, is_staff=True)
    client = Client()
    for attempt in range(30):
        client.post(path, {"username": admin.email, "password": f"wrong-password-{attempt}"})
    response = client.post(path, {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").url.startswith(reverse("accounts:login"))
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_the_rose_sign_in_counts_failures_and_locks(make_user):
    admin = make_user(Role.ADMIN, is_staff=True)
    client = Client()
    for attempt in range(30):
        client.post(reverse("accounts:login"), {"email": admin.email, "password": f"wrong-password-{attempt}"})
    response = client.post(reverse("accounts:login"), {"email": admin.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
