"""Issue 13 item 8 (referral form part): the risks question is never answered for the referrer,
"None of these" is the NHS exclusive checkbox (refused with a risk without JavaScript), and a child's
date of birth is refused (ROSE is for adults)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from rose.accounts.roles import Role
from rose.referrals.models import Referral
from rose.referrals.tests.test_journey import ANSWERS, fill_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer(client_for):
    return client_for(Role.REFERRER)


def _checked(body: str) -> list[str]:
    return re.findall(r'name="risk_flags" type="checkbox" value="([^"]+)"\s*checked', body)


def test_the_risks_question_is_never_pre_answered(referrer):
    before_risks = {step: data for step, data in ANSWERS.items() if step not in ("risks", "reason")}
    referral = fill_referral(referrer, before_risks)
    url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": "risks"})
    body = referrer.get(url).content.decode()
    assert "None of these" in body and _checked(body) == []
    assert 'value="none" data-behaviour="exclusive"' in body and "nhsuk-checkboxes__divider" in body


def test_risks_ticked_before_are_ticked_again_and_none_with_a_risk_is_refused(referrer):
    referral = fill_referral(referrer, {**ANSWERS, "risks": {"risk_flags": ["overdose"]}})
    url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": "risks"})
    assert _checked(referrer.get(url).content.decode()) == ["overdose"]
    refused = referrer.post(url, {"risk_flags": ["overdose", "none"]})
    body = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in body and "not both" in body
    assert sorted(_checked(body)) == ["none", "overdose"]  # what was ticked is kept
    referral.refresh_from_db()
    assert referral.risk_flags == ["overdose"]


@time_machine.travel(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(("born", "refused"), [
    ("2 12 2008", False),   # 18 today
    ("3 12 2008", True),    # 18 tomorrow
    ("1 6 2015", True),
])
def test_a_child_is_refused_with_a_clear_message(referrer, born, refused):
    referrer.post(reverse("referrals:start"))
    referral = Referral.objects.latest("created_at")
    day, month, year = born.split()
    data = {**ANSWERS["patient"], "date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}
    response = referrer.post(reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": "patient"}), data)
    referral.refresh_from_db()
    if refused:
        body = response.content.decode()
        assert response.status_code == 200 and "the patient must be 18 or over" in body
        assert f'value="{year}"' in body and referral.date_of_birth is None
    else:
        assert response.status_code == 302 and referral.date_of_birth == dt.date(2008, 12, 2)
