"""Settings for bench/bench_pages.py: the test settings (DEBUG off) plus a bare 25-row list view."""

import os

os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from rose.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
# Production's session engine (it has Redis): the session is read from the cache, not django_session.
# The cache here is per process (LocMemCache): right for --cpu-only's one process; gunicorn's two workers
# each keep their own copy, which does not matter to a benchmark that never signs out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
