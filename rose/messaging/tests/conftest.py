from __future__ import annotations

import pytest

from rose.messaging.tests.fakes import RecordingProvider
from rose.messaging.tests.notify_server import API_KEY, TEMPLATE_ID, FakeNotify


@pytest.fixture(autouse=True)
def no_quiet_hours(request):
    """Quiet hours are checked when a text is claimed: database tests that do not set them run
    whatever the time of day (tests of quiet hours set ROSE_SMS_QUIET_START/END themselves; the
    pure timing tests keep the defaults)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    settings = request.getfixturevalue("settings")
    settings.ROSE_SMS_QUIET_START = "00:00"
    settings.ROSE_SMS_QUIET_END = "00:00"


@pytest.fixture
def recording(settings):
    RecordingProvider.reset()
    settings.ROSE_SMS_PROVIDER = "rose.messaging.tests.fakes.RecordingProvider"
    settings.ROSE_SMS_RETRY_BASE_SECONDS = 30
    yield RecordingProvider
    RecordingProvider.reset()


@pytest.fixture
def fake_notify(settings):
    with FakeNotify() as server:
        settings.ROSE_SMS_PROVIDER = "notify"
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_BASE_URL = server.url
        settings.NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
        settings.ROSE_SMS_TIMEOUT_SECONDS = 2
        yield server
