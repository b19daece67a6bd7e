"""Journeys for the public OME calculator, checked with axe on every page."""

from __future__ import annotations

import pytest

from tests.system.conftest import assert_accessible

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_clinician_works_out_a_total_and_sees_its_source(page, live_server):
    # Given a clinician, not signed in, on the calculator
    page.goto(f"{live_server.url}/medicines/calculator/")
    assert_accessible(page)
    # When she enters co-codamol and a fentanyl patch
    page.get_by_label("Medicine 1", exact=True).select_option(label="Co-codamol 30mg/500mg tablets")
    page.get_by_label("Amount each time for medicine 1").fill("2")
    page.get_by_label("Times a day for medicine 1").fill("4")
    page.get_by_label("Medicine 2", exact=True).select_option(value="drug:fentanyl:transdermal")
    page.get_by_label("Patch strength for medicine 2 (micrograms an hour)").fill("25")
    page.get_by_role("button", name="Calculate").click()
    # Then she sees the total, each factor and the table's source and version
    page.get_by_test_id("total").wait_for()
    assert "84 mg" in page.get_by_test_id("total").inner_text()
    table = page.get_by_role("table", name="Oral morphine equivalent of each medicine")
    assert "factor 0.1" in table.inner_text() and "Faculty of Pain Medicine" in table.inner_text()
    assert "2020-08" in page.content()
    assert "naloxone" in page.get_by_test_id("warnings").inner_text()
    assert_accessible(page)


def test_mistakes_are_explained_and_what_was_typed_is_kept(page, live_server):
    page.goto(f"{live_server.url}/medicines/calculator/")
    page.get_by_label("Medicine 1", exact=True).select_option(value="drug:morphine:oral")
    page.get_by_label("Amount each time for medicine 1").fill("ten")
    page.get_by_role("button", name="Calculate").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert "Amount each time for medicine 1 must be a number" in summary.inner_text()
    assert "Enter how many times a day medicine 1 is taken" in summary.inner_text()
    assert page.get_by_label("Amount each time for medicine 1").input_value() == "ten"
    assert_accessible(page)
    # When she follows the error link, the field is focused
    summary.get_by_role("link", name="Amount each time for medicine 1 must be a number").click()
    assert page.evaluate("document.activeElement.id") == "id_item_1_amount"


def test_methadone_shows_no_number(page, live_server):
    page.goto(f"{live_server.url}/medicines/calculator/")
    page.get_by_label("Medicine 1", exact=True).select_option(value="drug:methadone:oral")
    page.get_by_label("Amount each time for medicine 1").fill("30")
    page.get_by_label("Times a day for medicine 1").fill("1")
    page.get_by_role("button", name="Calculate").click()
    page.get_by_role("heading", name="No total can be given").wait_for()
    assert page.get_by_test_id("total").count() == 0
    assert "Not calculable" in page.get_by_role("table").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("java_script_enabled", [False])
def test_works_without_javascript(browser, live_server, java_script_enabled):
    context = browser.new_context(java_script_enabled=java_script_enabled, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/medicines/calculator/")
    page.get_by_label("Medicine 1", exact=True).select_option(value="drug:oxycodone:oral")
    page.get_by_label("Amount each time for medicine 1").fill("20")
    page.get_by_label("Times a day for medicine 1").fill("2")
    page.get_by_role("button", name="Calculate").click()
    page.get_by_test_id("total").wait_for()
    assert "60 mg" in page.get_by_test_id("total").inner_text()
    context.close()
