"""Issue 12, item 6: an old patient link could raise unlimited "send me a new link" tasks."""

from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse

from rose.patients.access_links import NEW_LINK_REQUESTS_PER_DAY, access_link_create
from rose.patients.models import Task


def _ask(token: str, times: int = 1) -> None:
    client = Client()
    for _ in range(times):
        response = client.post(reverse("links:request_new", kwargs={"token": token}))
        assert response.status_code == 200 and b"We have told your care team" in response.content


def test_asking_again_and_again_raises_one_task_while_it_is_open(patient):
    token = access_link_create(patient=patient, purpose="portal")
    _ask(token, times=20)
    assert Task.objects.filter(patient=patient, kind="new_link_requested").count() == 1


def test_at_most_a_few_requests_a_day_even_when_the_team_closes_each_one(patient):
    token = access_link_create(patient=patient, purpose="portal")
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False) as traveller:
        for _ in range(NEW_LINK_REQUESTS_PER_DAY + 2):
            _ask(token)
            Task.objects.filter(patient=patient).update(status=Task.Status.DONE)
            traveller.shift(60)
        assert Task.objects.filter(patient=patient, kind="new_link_requested").count() == NEW_LINK_REQUESTS_PER_DAY
        traveller.shift(24 * 3600)
        _ask(token)
        assert Task.objects.filter(patient=patient, kind="new_link_requested").count() == NEW_LINK_REQUESTS_PER_DAY + 1


def test_an_unknown_token_raises_nothing(db):
    _ask("not-a-real-token", times=3)
    assert not Task.objects.exists()
