from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from rose.core import periodic, presenters
from rose.core.models import PeriodicJob, WorkerHeartbeat


def test_nhs_number_is_shown_in_three_groups():
    assert presenters.nhs_number("9991234567") == "999 123 4567"


def test_dates_and_times_use_nhs_style_in_london_time():
    assert presenters.date(dt.date(2027, 1, 4)) == "4 January 2027"
    assert presenters.weekday_date(dt.date(2027, 1, 4)) == "Monday 4 January"
    assert presenters.time(dt.time(8, 0)) == "8am"
    assert presenters.time(dt.time(20, 30)) == "8:30pm"
    assert presenters.time(dt.time(12, 0)) == "midday"
    summer = dt.datetime(2027, 7, 1, 13, 0, tzinfo=dt.UTC)
    assert presenters.datetime(summer) == "1 July 2027 at 2pm"


def test_doses_show_without_trailing_zeros_and_none_shows_nothing():
    assert presenters.mg(Decimal("22.50")) == "22.5"
    assert presenters.mg(30) == "30"
    assert presenters.mg(None) == ""


def test_every_response_has_a_request_id_and_a_strict_csp(client, db):
    response = client.get("/accounts/login/")
    assert len(response["X-Request-ID"]) >= 8
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp


def test_a_well_formed_incoming_request_id_is_kept_and_a_bad_one_replaced(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-proxy")["X-Request-ID"] == "abc12345-proxy"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_health_reports_database_cache_and_worker_heartbeats(client, db):
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=timezone.now(),
                                   last_beat_at=timezone.now())
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["cache"] == "ok"
    assert body["workers"][0]["worker_id"] == "w1" and body["workers_ok"] is True


def test_health_marks_a_silent_worker_as_stale(client, db):
    WorkerHeartbeat.objects.create(worker_id="old", hostname="h", pid=1, started_at=timezone.now(),
                                   last_beat_at=timezone.now() - dt.timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["workers"][0]["stale"] is True and body["workers_ok"] is False


@pytest.mark.django_db
def test_a_periodic_job_runs_once_per_interval_whichever_worker_asks(monkeypatch):
    calls = []
    monkeypatch.setattr(periodic, "JOBS", {})
    periodic.register("test.job", every=dt.timedelta(minutes=5), func=lambda: calls.append(1))
    with time_machine.travel("2027-01-04 09:00:00+00:00", tick=False):
        assert periodic.run_due_jobs("worker-a") == 1
        assert periodic.run_due_jobs("worker-b") == 0
    with time_machine.travel("2027-01-04 09:06:00+00:00", tick=False):
        assert periodic.run_due_jobs("worker-b") == 1
        assert periodic.run_due_jobs("worker-a") == 0
    assert len(calls) == 2
    assert PeriodicJob.objects.get(name="test.job").last_worker_id == "worker-b"


@pytest.mark.django_db
def test_a_failing_periodic_job_does_not_stop_the_others(monkeypatch):
    ran = []
    monkeypatch.setattr(periodic, "JOBS", {})

    def broken():
        raise RuntimeError("boom")

    periodic.register("test.broken", every=dt.timedelta(minutes=1), func=broken)
    periodic.register("test.fine", every=dt.timedelta(minutes=1), func=lambda: ran.append(1))
    assert periodic.run_due_jobs("w") == 1
    assert ran == [1]


def test_public_pages_render_for_anyone(client, db):
    for path in ["/accessibility", "/privacy", "/accounts/login/"]:
        assert client.get(path).status_code == 200


def test_an_unknown_page_gets_the_nhs_style_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_nhs_frontend_icons_asked_for_at_assets_are_found(client, settings):
    response = client.get("/assets/images/nhsuk-icon-cross.svg")
    assert response.status_code == 301
    assert response["Location"] == f"{settings.STATIC_URL}nhsuk/assets/images/nhsuk-icon-cross.svg"



def test_a_slow_periodic_job_does_not_hold_up_the_text_sender(monkeypatch):
    """Each job has its own thread: while one job is stuck, another keeps running (events, no clock)."""
    import threading

    monkeypatch.setattr(periodic, "_claim", lambda job, worker_id: True)  # the claim is tested above
    release, slow_started, sender_ran = threading.Event(), threading.Event(), threading.Event()
    runs = []

    def slow():
        slow_started.set()
        release.wait()

    def sender():
        runs.append(1)
        if len(runs) == 3:
            sender_ran.set()

    jobs = [periodic.Job("test.slow", dt.timedelta(hours=1), slow),
            periodic.Job("test.sender", dt.timedelta(seconds=5), sender)]
    stop = threading.Event()
    threads = periodic.start_job_threads("w", stop, every=0.001, jobs=jobs)
    try:
        assert slow_started.wait(60)
        assert sender_ran.wait(60)  # three sends while the slow job still holds its thread
        assert not release.is_set() and threads[0].is_alive()
    finally:
        stop.set()
        release.set()
        for thread in threads:
            thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert [thread.name for thread in threads] == ["rose-job-test.slow", "rose-job-test.sender"]


def test_an_audit_row_is_described_in_words_not_model_labels_or_route_names(db):
    from types import SimpleNamespace

    from rose.core.presenters import audit_record

    row = SimpleNamespace(object_type="patients.Patient", path_name="patients:access_log")
    assert audit_record(row) == "Patient, Patients: access log"
    assert audit_record(SimpleNamespace(object_type="referrals.Referral", path_name="referrals:queue")) \
        == "Referral, Referrals: queue"
    assert audit_record(SimpleNamespace(object_type="gone.Model", path_name="")) == "Record"
    assert audit_record(SimpleNamespace(object_type="", path_name="")) == ""
    for text in (audit_record(row),):
        assert "." not in text and "_" not in text
