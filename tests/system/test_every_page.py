"""axe on every page: load the demo data, then, for the public and for each staff role and a
patient, follow every link the pages offer and check each kind of page with axe-core; then press
each kind of POST button offered with nothing filled in, which must never refuse or fail.

Links are followed over HTTP (quick) to find pages; each URL route is then opened once in the
browser and checked with axe, the first time any role reaches it. Django's own admin and
Wagtail's editor are third-party screens left out here; files (PDF, CSV, iCalendar) are not pages.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import login_verified
from rose.accounts.models import User
from rose.accounts.roles import Role
from rose.patients.access_links import access_link_create
from rose.patients.models import Patient
from tests.system.conftest import BLOCKING_IMPACTS, run_axe

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

SKIP_PREFIXES = ("/django-admin/", "/cms/", "/accounts/logout", "/static/", "/media/", "/documents/")
MAX_PAGES_PER_VISITOR = 250
MAX_URLS_PER_ROUTE = 3
# Buttons that end the visit: pressing them would stop the walk, not test a form.
NO_EMPTY_POST = ("/portal/sign-out/",)
# Pages reached from outside the service (a hub link, a bookmark) rather than from its own pages.
EXTRA_STARTS = {Role.REFERRER: ["/referrals/start/"]}


class Links(HTMLParser):
    """The links on a page, and its POST forms with their hidden fields (the CSRF token among them)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._form: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        elif tag == "form" and (values.get("method") or "get").lower() == "post":
            self._form = (values.get("action") or "", {})
        elif tag == "input" and self._form is not None and values.get("type") == "hidden" and values.get("name"):
            self._form[1][values["name"] or ""] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match._func_path


def crawl(page, base: str, starts: list[str], checked: dict[str, str], problems: list[str]) -> tuple[int, int]:
    """Follow links from `starts`; axe each route not yet checked; a link that answers 4xx or 5xx is
    a problem too. Then press every kind of POST button found, with nothing filled in: the answer
    must be a page or a redirect (an error summary in the page is right, with status 200 or 400),
    never a refusal or a server error. Returns the pages fetched and the kinds of form pressed."""
    queue, seen, per_route, fetched = list(starts), set(starts), {}, 0
    linked_from: dict[str, str] = {}
    forms: dict[str, tuple[str, dict[str, str], str]] = {}
    while queue and fetched < MAX_PAGES_PER_VISITOR:
        path = queue.pop(0)
        response = page.request.get(base + path, max_redirects=0, fail_on_status_code=False)
        fetched += 1
        if response.status >= 400:
            # A link a page offers must work for whoever it is offered to.
            problems.append(f"{path}: HTTP {response.status} (linked from {linked_from.get(path, 'the start')})")
            continue
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        route = route_of(urlsplit(path).path) or path
        if route not in checked:
            page.goto(base + path)
            result = run_axe(page)
            checked[route] = path
            problems.extend(f"{path}: {v['id']} ({v['impact']}) {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
                            for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS)
        parser = Links()
        parser.feed(response.text())
        for action, hidden in parser.forms:
            url = urlsplit(urljoin(base + path, action))
            if url.netloc == urlsplit(base).netloc and not url.path.startswith(SKIP_PREFIXES + NO_EMPTY_POST):
                forms.setdefault(route_of(url.path) or url.path, (url.path, hidden, path))
        for href in parser.hrefs:
            url = urlsplit(urljoin(base + path, href))
            if url.netloc != urlsplit(base).netloc or url.scheme not in ("http", "https"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target in seen or url.path.startswith(SKIP_PREFIXES):
                continue
            target_route = route_of(url.path) or url.path
            if per_route.get(target_route, 0) >= MAX_URLS_PER_ROUTE:
                continue
            per_route[target_route] = per_route.get(target_route, 0) + 1
            linked_from[target] = path
            seen.add(target)
            queue.append(target)
    for url, hidden, shown_on in forms.values():
        response = page.request.post(base + url, form=hidden, max_redirects=0, fail_on_status_code=False)
        if response.status == 400 and "nhsuk-error-summary" in response.text():
            continue  # "Bad request" with the NHS error summary: the page says what to fix
        if response.status >= 400:
            problems.append(f"POST {url} with nothing filled in: HTTP {response.status} (form on {shown_on})")
    return fetched, len(forms)


def test_every_page_reachable_by_the_public_staff_and_a_patient_passes_axe(page, live_server):
    call_command("demo_data", "--force", stdout=io.StringIO())
    base = live_server.url
    checked: dict[str, str] = {}
    problems: list[str] = []
    fetched = {"public": crawl(page, base, ["/", "/learn/", "/calculator", "/hub-search/?q=pain", "/accounts/login/"],
                               checked, problems)}

    for role in (Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER, Role.PEER, Role.REFERRER,
                 Role.EVALUATOR):
        user = User.objects.get(programme__slug="stockport", role=role)
        client = login_verified(Client(), user)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
        fetched[role] = crawl(page, base, ["/", *EXTRA_STARTS.get(role, [])], checked, problems)

    # A patient, through their single-use link and date of birth
    page.context.clear_cookies()
    patient = Patient.objects.filter(programme__slug="stockport", status="active").order_by("created_at").first()
    page.goto(f"{base}/p/{access_link_create(patient=patient, purpose='portal')}")
    dob = patient.date_of_birth
    page.get_by_label("Day").fill(str(dob.day))
    page.get_by_label("Month").fill(str(dob.month))
    page.get_by_label("Year").fill(str(dob.year))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=f"Hello {patient.known_as}").wait_for()
    fetched["patient"] = crawl(page, base, ["/portal/"], checked, problems)

    print(f"axe checked {len(checked)} kinds of page; (pages fetched, forms pressed): {fetched}")  # pytest -s
    assert not problems, f"{len(problems)} problems on {len(checked)} kinds of page:\n" + "\n".join(problems)
    # The walk really covered the service: staff, referral, plans, groups, messaging, outcomes, hub, portal
    namespaces = {route.split(":")[0] for route in checked if ":" in route}
    assert {"patients", "referrals", "plans", "groups", "messaging", "outcomes", "medicines"} <= namespaces, namespaces
    assert len(checked) >= 60, " ".join(sorted(checked))
    # The public landing page at / and the team's caseload (issue 15) are among the pages walked
    assert {"core:home", "hub:caseload"} <= set(checked), " ".join(sorted(checked))
