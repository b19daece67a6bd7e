"""Walk every URL pattern that shows patient data and prove that requesting it writes an audit row.

A view declares it shows patient data with @shows_patient_data. Each app supplies, in
`rose/<app>/tests/audit_cases.py`, a dict CASES mapping the URL name ("patients:detail") to a
builder `(make_user) -> (user, url)` (or `(user, url, prepare)`, where `prepare(client)` runs
first) that creates what the page needs. A marked view with no
case fails this test, so no patient-data page can be added without proving its audit row.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import rose
from conftest import login_verified
from rose.audit.models import AuditEvent
from tests.roles import ALL_ROLES  # noqa: F401 - keeps the import graph obvious


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def marked_url_names() -> list[str]:
    names = {name for name, view in _walk(get_resolver().url_patterns)
             if getattr(view, "shows_patient_data", False)}
    return sorted(names)


def all_cases() -> dict:
    cases: dict = {}
    for module in pkgutil.iter_modules(rose.__path__):
        try:
            found = importlib.import_module(f"rose.{module.name}.tests.audit_cases")
        except ModuleNotFoundError:
            continue
        cases.update(found.CASES)
    return cases


def test_some_views_are_marked_as_showing_patient_data():
    assert "patients:detail" in marked_url_names()


@pytest.mark.parametrize("url_name", marked_url_names())
def test_view_showing_patient_data_writes_an_audit_row(url_name, make_user, db):
    cases = all_cases()
    assert url_name in cases, f"{url_name} shows patient data but has no case in an audit_cases.py"
    user, url, *prepare = cases[url_name](make_user)
    client = login_verified(Client(), user)
    for step in prepare:  # optional: put the client in the state the page needs
        step(client)
    before = AuditEvent.objects.count()
    response = client.get(url)
    assert response.status_code == 200, f"{url_name}: {response.status_code}"
    assert AuditEvent.objects.count() > before, f"{url_name} showed patient data without an audit row"
