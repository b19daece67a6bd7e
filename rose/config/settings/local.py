"""Local development and demos: `make run`. SQLite, console email, the text-message simulator."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")

from rose.config.settings.base import *  # noqa: F403
