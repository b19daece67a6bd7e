"""A non-editable install (`pip install .`, a wheel) carries the files the code reads beside it.

setuptools packages only Python files unless `[tool.setuptools.package-data]` in pyproject.toml names the rest:
without it, a wheel had no templates, formulary or questionnaire schema. This compares those globs with the files
under rose/ on disk, so a new kind of file fails here rather than in a deployment. No wheel is built (that needs
the network); `.venv/bin/pip wheel . --no-deps -w /tmp/wheel` builds one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rose"
# Files under rose/ that a running service never reads, so they are left out of the wheel on purpose.
NOT_SHIPPED = {"medicines/engine/ruff.toml"}  # ruff's settings for the dose engine


def _globs() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]["package-data"]["rose"]


def _shipped() -> set[str]:
    return {path.relative_to(PACKAGE).as_posix() for pattern in _globs() for path in PACKAGE.glob(pattern)
            if path.is_file()}


def _data_files() -> set[str]:
    """Every file under rose/ but Python source, bytecode, and hidden files and folders (tools' caches)."""
    return {relative.as_posix() for path in PACKAGE.rglob("*") if path.is_file()
            for relative in [path.relative_to(PACKAGE)]
            if path.suffix not in {".py", ".pyc"} and "__pycache__" not in relative.parts
            and not any(part.startswith(".") for part in relative.parts)}


def test_every_data_file_under_rose_is_shipped() -> None:
    missing = _data_files() - _shipped() - NOT_SHIPPED
    assert not missing, f"add a glob to [tool.setuptools.package-data] in pyproject.toml for: {sorted(missing)}"


def test_the_files_the_service_reads_are_shipped() -> None:
    shipped = _shipped()
    for needed in ("templates/layout.jinja", "core/jinja2/core/home.jinja", "medicines/data/formulary-2026.1.json",
                   "medicines/data/conversion-tables-2026.1.json", "medicines/data/dose-limits-2026.1.json",
                   "outcomes/instruments/definition.schema.json", "outcomes/instruments/phq9.json",
                   "core/static/rose/rose.css", "hub/content/patients/03-pacing.md",
                   "messaging/redflags/corpus/corpus.jsonl"):
        assert (PACKAGE / needed).is_file(), needed
        assert needed in shipped, needed


def test_every_glob_matches_a_file() -> None:
    for pattern in _globs():
        assert any(path.is_file() for path in PACKAGE.glob(pattern)), f"{pattern} matches nothing under rose/"
