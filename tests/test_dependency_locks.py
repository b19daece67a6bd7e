"""Production installs requirements.lock only: no test tools, linters or browsers; dev tools sit in
requirements-dev.lock (make lock writes both from pyproject.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = {"pytest", "pytest-django", "pytest-xdist", "pytest-playwright", "playwright", "hypothesis", "mypy",
            "ruff", "djlint", "factory-boy", "time-machine", "import-linter", "django-stubs", "mesh-sandbox",
            "pyotp"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    pins = (re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line) for line in lines if re.match(r"^[A-Za-z0-9]", line))
    return {_normal(m.group(1)): m.group(2) for m in pins if m}


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0]) for r in requirements}


def test_the_production_lock_has_every_runtime_dependency_and_no_dev_tool():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = set(_pins("requirements.lock"))
    assert _requirement_names(project["dependencies"]) <= runtime
    assert not runtime & DEV_ONLY
    assert _requirement_names(project["optional-dependencies"]["dev"]) <= DEV_ONLY | runtime


def test_the_dev_lock_pins_the_same_versions_plus_the_dev_tools():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert all(dev.get(name) == version for name, version in runtime.items())
    assert set(dev) >= DEV_ONLY


def test_django_redis_is_not_used_djangos_own_redis_cache_is():
    assert "django-redis" not in _pins("requirements-dev.lock")
    base = (ROOT / "rose" / "config" / "settings" / "base.py").read_text()
    assert "django.core.cache.backends.redis.RedisCache" in base and "django_redis" not in base
