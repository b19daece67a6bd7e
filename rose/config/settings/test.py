"""Settings for the test suite. SQLite by default; PostgreSQL when DATABASE_URL is set."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ROSE_STUDY_ID_KEY", "test-study-key")

from rose.config.settings.base import *  # noqa: F403
from rose.config.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
# Uploaded files go to a throwaway folder per test process, so documents are served exactly as in
# production (InMemoryStorage claims a filesystem path it does not have, so Wagtail could not serve them).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rose-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
