from __future__ import annotations

import pytest

from rose.messaging.tests.fakes import RecordingProvider
from rose.messaging.tests.notify_server import API_KEY, TEMPLATE_ID, FakeNotify


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
