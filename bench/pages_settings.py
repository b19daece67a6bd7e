"""Settings for bench/bench_pages.py: the test settings (DEBUG off) plus a bare 25-row list view."""

import os

os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from rose.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
