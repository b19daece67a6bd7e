"""The access matrix (issue 12): every URL pattern, from the resolver, requested as every role, anonymously,
with a password-only (not yet two-factor) session and with a patient-link session, with object ids from the
user's own programme and from another one, by GET and POST, and compared with docs/permissions.md.

- A page added without a row in docs/permissions.md fails `test_every_page_is_in_the_permissions_document`
  (run `.venv/bin/python scripts/update_permissions_doc.py`), so no page can be forgotten.
- What each row says is then checked against what the page does (`test_every_page_answers_as_documented`).
  POST is sent only by those who must be refused (it must change nothing); allowed roles' POSTs are covered
  by each app's own tests, because an empty POST from an allowed role may legitimately change state.
- Django's and Wagtail's admins (about 300 patterns) are requested anonymously, password-only and by two
  roles, as every request there passes through one permission gate per site.

One dataset for the whole module; failures are collected and reported together, so a single run shows the
whole matrix.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.test import Client
from django.urls import reverse

from conftest import login_verified
from rose.accounts.roles import Role
from rose.accounts.tests.factories import ProgrammeFactory, UserFactory
from rose.patients.access_links import PATIENT_SESSION_SECONDS, SESSION_KEY
from rose.patients.tests.factories import PatientFactory
from scripts.doc_blocks import assert_block_current, read_block
from scripts.permission_matrix import page_access, pages, url_patterns

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
ROLES = [role.value for role in Role]
LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two_factor")
REFUSED = (401, 403, 404, 405)
# The sign-out route ends the session it is sent with: it is requested last by each client.
ENDS_SESSION = {"accounts:logout", "hub:portal_sign_out"}
# Wagtail's own routes that are not pages: its deliberate 500 for testing error reporting, the icon
# sprite and the JavaScript translations (public static files in all but name).
WAGTAIL_OWN_ROUTES = {"wagtailadmin_error_test", "wagtailadmin_sprite", "wagtailadmin_javascript_catalog"}


def test_every_page_is_in_the_permissions_document():
    assert_block_current(DOC, "pages", pages(), "scripts/update_permissions_doc.py")


def _rules_matrix() -> dict[str, set[str]]:
    """permission -> roles holding it, read from the document (which the permission test ties to rules)."""
    table = read_block(DOC, "matrix")
    assert table, "docs/permissions.md has no permission matrix: run scripts/update_permissions_doc.py"
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    holders = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        holders[cells[0].strip("`")] = {role for role, cell in zip(ROLES, cells[1:], strict=True) if cell == "yes"}
    return holders


# ------------------------------------------------------------------ the dataset

def _programme_data(slug: str) -> dict:
    programme = ProgrammeFactory(name=f"Matrix {slug}", slug=f"matrix-{slug}")
    staff = {role: UserFactory(role=role, programme=programme, is_staff=role == Role.ADMIN,
                               email=f"{role}-{slug}@rose.example") for role in ROLES}
    patients = [PatientFactory(programme=programme) for _ in range(2)]
    # The demo hooks give each programme what every app's pages show: plans, cohorts, texts, outcomes...
    from rose.core.hooks import demo_data

    for hook in demo_data.registered():
        try:
            hook(programme=programme, staff=staff, patients=patients, stdout=io.StringIO())
        except Exception as exc:  # noqa: BLE001 - a hook that cannot run twice only narrows coverage
            print(f"demo hook {getattr(hook, '__name__', hook)} skipped for {slug}: {exc!r}")
    return {"programme": programme, "staff": staff, "patients": patients}


def _object_for(param: str, programme) -> str | None:
    """An object of this programme for a URL parameter named like `<model>_id`."""
    model_name = param.removesuffix("_id").replace("_", "")
    if param == "staff_id":
        model_name = "user"
    if param == "entry_id":  # referrals:waitlist_pathway
        model_name = "waitlistentry"
    for model in apps.get_models():
        if not model.__module__.startswith("rose.") or model._meta.model_name != model_name:
            continue
        fields = {field.name for field in model._meta.get_fields()}
        for path in ("programme", "patient__programme", "cohort__programme", "plan__patient__programme",
                     "session__cohort__programme", "slot__programme", "consultation__patient__programme",
                     "invitation__programme", "referral__programme", "delivery__programme",
                     "organisation__programme", "owner__programme", "user__programme"):
            if path.split("__")[0] in fields:
                try:
                    found = model.objects.filter(**{path: programme}).values_list("pk", flat=True).first()
                except FieldError:  # the first step exists but not the rest of the path
                    found = None
                if found is not None:
                    return str(found)
    return None


def _kwargs_for(pattern, programme) -> dict:
    kwargs = {}
    for name, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__
        if kind == "UUIDConverter":
            kwargs[name] = _object_for(name, programme) or str(uuid.uuid4())
        elif kind == "IntConverter":
            kwargs[name] = 1
        else:
            kwargs[name] = "x"
    return kwargs


def _url(path: str, kwargs: dict) -> str:
    def fill(match: re.Match) -> str:
        return str(kwargs.get(match.group(2), "x"))

    url = re.sub(r"<(?:(\w+):)?(\w+)>", fill, path)
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", "x", url)


@pytest.fixture
def matrix_data(db):
    return {"A": _programme_data("a"), "B": _programme_data("b")}


# ------------------------------------------------------------------ the checks

def _location(response) -> str:
    return response.get("Location", "")


def _call(client: Client, method: str, url: str):
    try:
        return getattr(client, method)(url, {}), None
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, not a reason to stop the walk
        return None, f"{type(exc).__name__}: {exc}"[:200]


def _patterns() -> Iterator[tuple[str, str, object, str]]:
    for path, name, pattern in url_patterns():
        if path.startswith("/assets/"):
            continue  # a redirect to static files
        if name in WAGTAIL_OWN_ROUTES or ("(?P" in path and _is_admin_area(path)):
            continue
        yield path, name, pattern, page_access(path, pattern.callback, name)


def _is_admin_area(path: str) -> bool:
    return path.startswith(("/django-admin/", "/cms/"))


def test_every_page_answers_as_documented(matrix_data, settings):
    settings.ROSE_DEMO = False
    settings.DEBUG = False
    holders = _rules_matrix()
    a, b = matrix_data["A"], matrix_data["B"]
    failures: list[str] = []
    requests = 0

    def fail(who: str, method: str, url: str, status, why: str) -> None:
        failures.append(f"{who:<14} {method.upper():<4} {url} -> {status}: {why}")

    clients = {}
    for role in ROLES:
        clients[role] = login_verified(Client(raise_request_exception=True), a["staff"][role])
    wagtail_access = {role: a["staff"][role].has_perm("wagtailadmin.access_admin") for role in ROLES}
    password_only = Client(raise_request_exception=True)
    password_only.force_login(a["staff"][Role.ADMIN])
    anonymous = Client(raise_request_exception=True)
    link = Client(raise_request_exception=True)

    def open_link_session() -> None:
        import time

        session = link.session
        session[SESSION_KEY] = {"patient_id": str(a["patients"][0].pk), "purpose": "portal", "target": "",
                                "link_id": str(uuid.uuid4()), "expires": int(time.time()) + PATIENT_SESSION_SECONDS}
        session.save()

    open_link_session()
    deferred = []
    for path, name, pattern, access in _patterns():
        if name in ENDS_SESSION:
            deferred.append((path, name, pattern, access))
            continue
        own = _url(path, _kwargs_for(pattern, a["programme"]))
        other = _url(path, _kwargs_for(pattern, b["programme"]))
        has_ids = own != other
        permission = access.strip("`") if access.startswith("`") else None
        staff_only = permission is not None or access.startswith("signed in")
        admin_area = _is_admin_area(path)

        # Anonymous, and a patient-link session: never a staff page.
        for who, client in (("anonymous", anonymous), ("patient link", link)):
            for method in ("get", "post"):
                response, crash = _call(client, method, own)
                requests += 1
                if crash:
                    fail(who, method, own, "exception", crash)
                elif response.status_code >= 500:
                    fail(who, method, own, response.status_code, "server error")
                elif (staff_only or admin_area) and response.status_code not in (*REFUSED, 302):
                    fail(who, method, own, response.status_code, f"staff page ({access}) answered without sign-in")
                elif (staff_only or admin_area) and response.status_code == 302 and not (
                        _location(response).startswith(LOGIN) or "/login" in _location(response)
                        or (admin_area and _location(response).startswith("/" + path.split("/")[1] + "/"))):
                    fail(who, method, own, response.status_code, f"redirected to {_location(response)}")
            if who == "patient link" and has_ids and access.startswith("patient link"):
                response, crash = _call(link, "get", other)
                requests += 1
                if crash or response.status_code == 200 or response.status_code >= 500:
                    fail(who, "get", other, crash or response.status_code,
                         "another programme's object reached from a patient link")

        # Password only (two-factor not done): only the sign-in steps and public pages.
        for method in ("get", "post"):
            response, crash = _call(password_only, method, own)
            requests += 1
            if crash:
                fail("password only", method, own, "exception", crash)
            elif response.status_code >= 500:
                fail("password only", method, own, response.status_code, "server error")
            elif (staff_only or admin_area) and not (
                    (response.status_code == 302 and _location(response) == TWO_FACTOR)
                    or (path.startswith("/api/") and response.status_code in (401, 403, 405))):
                fail("password only", method, own, response.status_code,
                     f"reached a page that needs two-factor ({access})")

        # Every role, verified, in programme A.
        roles = ROLES if not admin_area else [Role.ADMIN, Role.NURSE]
        for role in roles:
            client = clients[role]
            allowed = None if permission is None else role in holders.get(permission, set())
            response, crash = _call(client, "get", own)
            requests += 1
            if crash:
                fail(role, "get", own, "exception", crash)
                continue
            status = response.status_code
            if status >= 500:
                fail(role, "get", own, status, "server error")
            elif allowed is False and status not in REFUSED:
                fail(role, "get", own, status, f"must be refused: lacks {permission}")
            elif allowed and status == 403:
                fail(role, "get", own, status, f"refused although the role holds {permission}")
            elif path.startswith("/cms/") and status == 200 and not wagtail_access[role]:
                fail(role, "get", own, status, "Wagtail admin opened without access_admin")
            if allowed is False:
                response, crash = _call(client, "post", own)
                requests += 1
                if crash or response.status_code not in REFUSED:
                    fail(role, "post", own, crash or response.status_code, f"must be refused: lacks {permission}")
            if allowed and has_ids:
                # The same page with the other programme's objects: exactly like a record that does not exist.
                response, crash = _call(client, "get", other)
                requests += 1
                if crash or response.status_code not in (403, 404, 405):
                    fail(role, "get", other, crash or response.status_code,
                         "another programme's object was not refused")

    for path, _name, _pattern, _access in deferred:  # sign-out last: it ends the session it is sent with
        url = _url(path, {})
        for who, client in (("anonymous", anonymous), ("password only", password_only),
                            ("patient link", link), (Role.NURSE.value, clients[Role.NURSE])):
            response, crash = _call(client, "post", url)
            requests += 1
            if crash or response.status_code >= 500:
                fail(who, "post", url, crash or response.status_code, "server error")

    print(f"access matrix: {requests} requests")
    assert requests > 1000
    assert not failures, f"{len(failures)} access-matrix findings:\n" + "\n".join(failures[:200])


def test_superusers_and_operators_are_refused_every_patient_page(matrix_data):
    from rose.accounts.models import User

    operator = User.objects.create_superuser("op@rose.example", "correct-horse-battery", first_name="O",
                                             last_name="P")
    client = login_verified(Client(), operator)
    patient = matrix_data["A"]["patients"][0]
    for name in ("patients:list", "patients:tasks", "messaging:inbox", "referrals:queue", "plans:clinics"):
        assert client.get(reverse(name)).status_code in (403, 404), name
    assert client.get(reverse("patients:detail", kwargs={"patient_id": patient.pk})).status_code in (403, 404)
