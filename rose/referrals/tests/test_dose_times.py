"""Issue 13 item 2 (referral form): a medicine's dosing times with the amount at each (MST 30 mg at
08:00 and 60 mg at 20:00) are entered on the form and sent to the engine as `doses`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.referrals.models import Referral

pytestmark = pytest.mark.django_db

MST = "Morphine 30mg modified-release tablets"


def _opioids(client, data):
    client.post(reverse("referrals:start"))
    referral = Referral.objects.latest("created_at")
    url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": "opioids"})
    return referral, client.post(url, {"action": "continue", **data})


def test_dosing_times_with_amounts_are_kept_and_counted(client_for):
    referral, response = _opioids(client_for(Role.REFERRER), {
        "product_0": MST, "dose_time_0_1": "8:00", "dose_units_0_1": "1", "dose_time_0_2": "2000",
        "dose_units_0_2": "2"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.regimen["items"] == [{"product": MST, "doses": [{"time": "08:00", "units": 1},
                                                                   {"time": "20:00", "units": 2}]}]
    from rose.referrals import services

    assert services.referral_ome(referral=referral)["result"]["total_ome_mg_per_day"] == 90


@pytest.mark.parametrize(("data", "message"), [
    ({"product_0": MST, "dose_time_0_1": "25:00", "dose_units_0_1": "1"}, "as hours and minutes, like 08:00"),
    ({"product_0": MST, "dose_time_0_1": "08:00"}, "Enter how many are taken at time 1 for medicine 1"),
    ({"product_0": MST, "dose_time_0_1": "08:00", "dose_units_0_1": "1", "dose_time_0_2": "8:00",
      "dose_units_0_2": "1"}, "the same time twice"),
    ({"product_0": MST, "times_0": "3", "dose_time_0_1": "08:00", "dose_units_0_1": "1"}, "1 dosing times are given"),
    ({"product_0": "Fentanyl 25micrograms/hour transdermal patches", "units_0": "1", "dose_time_0_1": "08:00",
      "dose_units_0_1": "1"}, "leave them empty for medicine 1 (a patch)"),
    ({"product_0": MST, "dose_time_0_1": "０８:００", "dose_units_0_1": "1"}, "as hours and minutes"),
])
def test_unusable_dosing_times_are_refused_with_the_input_kept(client_for, data, message):
    referral, response = _opioids(client_for(Role.REFERRER), data)
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and message in body
    assert f'value="{data["dose_time_0_1"]}"' in body and "<details class=\"nhsuk-details\" open>" in body
    referral.refresh_from_db()
    assert not referral.regimen.get("items")
