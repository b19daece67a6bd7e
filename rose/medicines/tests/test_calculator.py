"""The public OME calculator page: no sign-in, results with factor and source, errors kept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rose.medicines.tests.factories import ProductFactory
from tests.roles import ALL_ROLES

pytestmark = pytest.mark.django_db

URL = "/medicines/calculator/"


def form(**items) -> dict:
    data = {"table": "opioids-aware-2020"}
    data.update(items)
    return data


def test_url_name():
    assert reverse("medicines:calculator") == URL


def test_anonymous_gets_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oral morphine equivalent calculator" in content and 'novalidate' in content
    assert "Co-codamol 30mg/500mg tablets" in content and "Opioids Aware" in content


def test_every_role_may_use_it(client_for):
    for role in ALL_ROLES:
        assert client_for(role).get(URL).status_code == 200, role


def test_product_and_drug_items_show_factor_source_total_and_warnings(client):
    response = client.post(URL, form(
        item_1_medicine="product:Co-codamol 30mg/500mg tablets", item_1_amount="2", item_1_times_per_day="4",
        item_2_medicine="drug:oxycodone:oral", item_2_amount="20", item_2_times_per_day="2",
        item_3_medicine="drug:fentanyl:transdermal", item_3_patch_mcg_per_hour="25",
        co_prescribed=["gabapentinoid"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "24 mg oral" not in content  # items show in the table; the total is the sum
    assert "<strong>144 mg</strong> oral morphine equivalent a day" in content  # 24 + 60 + 60
    assert "factor 0.1" in content and "factor 1.5" in content and "patch strength table" in content
    assert "Faculty of Pain Medicine" in content and "2020-08" in content
    for code in ("high-dose", "naloxone", "multiple-opioids"):  # each warning shown in words, its code only data
        assert f'data-code="{code}"' in content and f">{code}<" not in content and f"<strong>{code}" not in content
    # the form keeps what was entered
    assert 'value="20"' in content and "selected" in content


def test_other_table_is_named_in_the_result(client):
    response = client.post(URL, {"table": "cdc-2022", "item_1_medicine": "drug:codeine:oral",
                                 "item_1_amount": "60", "item_1_times_per_day": "4"})
    content = response.content.decode()
    assert "<strong>36 mg</strong>" in content and "CDC" in content


def test_not_calculable_item_shows_no_number(client):
    response = client.post(URL, form(
        item_1_medicine="drug:methadone:oral", item_1_amount="30", item_1_times_per_day="1",
        item_2_medicine="drug:morphine:oral", item_2_amount="10", item_2_times_per_day="2"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "No total can be given" in content and "Not calculable" in content
    assert 'data-testid="total"' not in content


def test_as_needed_item(client):
    response = client.post(URL, form(item_1_medicine="drug:morphine:oral", item_1_amount="10",
                                      item_1_times_per_day="1.5", item_1_as_needed="on"))
    content = response.content.decode()
    assert "<strong>15 mg</strong>" in content and 'data-code="as-needed-use"' in content


@pytest.mark.parametrize("data, field_id, message", [
    ({}, "id_item_1_medicine", "Select at least one medicine"),
    ({"item_1_medicine": "drug:morphine:oral", "item_1_times_per_day": "2"}, "id_item_1_amount",
     "Enter the dose in mg for medicine 1"),
    ({"item_1_medicine": "drug:morphine:oral", "item_1_amount": "ten", "item_1_times_per_day": "2"},
     "id_item_1_amount", "Amount each time for medicine 1 must be a number"),
    ({"item_1_medicine": "drug:morphine:oral", "item_1_amount": "-10", "item_1_times_per_day": "2"},
     "id_item_1_amount", "must be 0 or more"),
    ({"item_1_medicine": "product:Unobtainium 5mg tablets", "item_1_amount": "1", "item_1_times_per_day": "2"},
     "id_item_1_medicine", "Choose medicine 1 from the list"),
    ({"item_1_medicine": "drug:fentanyl:transdermal"}, "id_item_1_patch_mcg_per_hour",
     "Enter the patch strength for medicine 1"),
    ({"item_1_medicine": "drug:fentanyl:transdermal", "item_1_patch_mcg_per_hour": "33"},
     "id_item_1_patch_mcg_per_hour", "Medicine 1:"),
    ({"item_2_amount": "10"}, "id_item_2_medicine", "Select medicine 2, or clear its dose"),
    ({"item_1_medicine": "drug:morphine:oral", "item_1_amount": "10", "item_1_times_per_day": "2\x00"},
     "id_item_1_times_per_day", "special characters"),
    ({"item_1_medicine": "drug:morphine:oral", "item_1_amount": "100000", "item_1_times_per_day": "24"},
     "id_item_1_amount", "implausibly large"),
    ({"item_1_medicine": "product:Morphine 30mg modified-release tablets", "item_1_amount": "0.5",
      "item_1_times_per_day": "2"}, "id_item_1_amount", "may not be split"),
])
def test_bad_input_gets_a_specific_message_and_keeps_input(client, data, field_id, message):
    response = client.post(URL, form(**data))
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content and f'href="#{field_id}"' in content
    assert message in content
    for value in data.values():
        if "\x00" not in value and "Unobtainium" not in value:
            assert f'value="{value}"' in content or value.split(":", 1)[-1] in content


def test_unknown_table_is_refused(client):
    response = client.post(URL, {"table": "nice-2099", "item_1_medicine": "drug:morphine:oral",
                                 "item_1_amount": "10", "item_1_times_per_day": "2"})
    assert response.status_code == 400 and "Select a conversion table from the list" in response.content.decode()


def test_works_without_csrf_cookie_javascript_or_session():
    client = Client(enforce_csrf_checks=True)
    page = client.get(URL)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    data = form(item_1_medicine="drug:morphine:oral", item_1_amount="10", item_1_times_per_day="2")
    if token:
        data["csrfmiddlewaretoken"] = token
    response = client.post(URL, data)
    assert response.status_code == 200 and "<strong>20 mg</strong>" in response.content.decode()


def test_admin_added_product_is_offered_and_used(client):
    ProductFactory(name="Oxycodone 7mg test tablets")
    assert "Oxycodone 7mg test tablets" in client.get(URL).content.decode()
    response = client.post(URL, form(item_1_medicine="product:Oxycodone 7mg test tablets", item_1_amount="1",
                                      item_1_times_per_day="2"))
    assert "<strong>21 mg</strong>" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_constant_queries(client, django_assert_max_num_queries, extra):
    ProductFactory.create_batch(extra)
    client.get(URL)  # warm the formulary cache
    data = form(**{f"item_{i}_medicine": "drug:morphine:oral" for i in range(1, 7)},
                **{f"item_{i}_amount": "5" for i in range(1, 7)}, **{f"item_{i}_times_per_day": "2"
                                                                    for i in range(1, 7)})
    with django_assert_max_num_queries(4):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.post(URL, data).status_code == 200
