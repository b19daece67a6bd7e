"""Browser tests: Playwright drives Debian's Chromium; axe-core checks every page we visit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
# the tests themselves (creating users and patients) are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ROSE_CHROMIUM", "/usr/bin/chromium")
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    """Everything under tests/system is a browser test, whether or not its module says so."""
    for item in items:
        if "/tests/system/" in str(item.fspath):
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Lets axe be injected despite our strict content security policy.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB", "timezone_id": "Europe/London"}


def click_and_wait(page, locator) -> None:
    """Click a link or button that loads a new page, and wait for that page to load.

    Without the wait, axe can start on the old page while the browser swaps documents and
    fail with "Cannot read properties of null" (or, worse, check the page we just left).
    """
    with page.expect_navigation(wait_until="load"):
        locator.click()


def run_axe(page) -> dict:
    """axe-core's results for the current page, once it has loaded."""
    page.wait_for_load_state("load")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")


def assert_accessible(page) -> None:
    """Run axe-core on the current page: no serious or critical violation allowed."""
    result = run_axe(page)
    blocking = [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    summary = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in blocking]
    assert not blocking, f"axe found problems on {page.url}:\n" + "\n".join(summary)


@pytest.fixture
def visit(page, live_server):
    """`visit("/path")`: go to a page and check it with axe. Returns the page."""

    def go(path: str):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        return page

    return go
