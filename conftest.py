"""Shared fixtures: programmes, a signed-in (two-factor verified) client for every role."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from rose.accounts.models import Programme, User
from rose.accounts.roles import Role
from rose.accounts.tests.factories import ProgrammeFactory, UserFactory
from rose.patients.tests.factories import PatientFactory

ALL_ROLES = [role.value for role in Role]

# Property tests never fail on the clock: no per-example deadline on a loaded machine (a test's own
# @settings still sets its example count). HYPOTHESIS_PROFILE=ci also fixes the examples' seed.
hypothesis_settings.register_profile("rose", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("ci", parent=hypothesis_settings.get_profile("rose"), derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rose"))


def pytest_collection_modifyitems(items):
    """Mark tests that need real transactions. Their teardown flushes the database, which wipes the reference
    data that migrations load (formulary, hub pages), so `make test` runs them in a pass of their own, after
    the ordinary tests, instead of letting them empty the database under the next test file."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction") and "/tests/system/" not in str(item.fspath):
            item.add_marker(pytest.mark.transactional)


@pytest.fixture
def programme(db) -> Programme:
    return ProgrammeFactory(name="ROSE Test", slug="rose-test")


@pytest.fixture
def other_programme(db) -> Programme:
    return ProgrammeFactory(name="Another trust", slug="another-trust")


@pytest.fixture
def make_user(db, programme) -> Callable[..., User]:
    def make(role: str = Role.COORDINATOR, **kwargs) -> User:
        kwargs.setdefault("programme", programme)
        return UserFactory(role=role, **kwargs)

    return make


def login_verified(client: Client, user: User) -> Client:
    """Sign in as if the user had passed password and TOTP."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(make_user) -> Callable[..., Client]:
    """`client_for("nurse")` gives a signed-in, two-factor verified client; `.user` is the user."""

    def make(role: str = Role.COORDINATOR, **kwargs) -> Client:
        user = make_user(role, **kwargs)
        client = login_verified(Client(), user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def patient(programme):
    return PatientFactory(programme=programme)
