"""The plan page offers the status changes its presenter derives from PLAN_TRANSITIONS (issue #18)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.plans.models import Plan, PlanStatus
from rose.plans.tests.factories import approved_plan
from rose.plans.tests.test_state_presenters import PLAN_EXPECTED

pytestmark = pytest.mark.django_db

LINKS = {"pause": "Pause the plan", "resume": "Resume the plan", "stop": "Stop the plan", "change": "Add a hold"}


@pytest.mark.parametrize("status", PlanStatus.values)
def test_plan_page_links_for_every_status(client_for, programme, status):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    Plan.objects.filter(pk=plan.pk).update(status=status)  # the page, not the service, is under test
    html = client_for(Role.PRESCRIBER).get(reverse("plans:plan", kwargs={"plan_id": plan.pk})).content.decode()
    for action, text in LINKS.items():
        assert (text in html) is (action in PLAN_EXPECTED[status]), (status, action)


def test_a_coordinator_without_author_plan_gets_no_hold_link(client_for, programme):
    plan = approved_plan(programme=programme, start=timezone.localdate() - dt.timedelta(days=3))
    html = client_for(Role.COORDINATOR).get(reverse("plans:plan", kwargs={"plan_id": plan.pk})).content.decode()
    assert "Add a hold" not in html
