"""Hooks for demo and synthetic data. Apps register in AppConfig.ready(); rose.demo runs them.

DEMO_HOOKS: callables `(programme, staff, patients, stdout) -> None`, run by `manage.py demo_data`
after the people exist, in app order. SYNTH_HOOKS: callables `(programme, rng, stdout) -> None`,
run by `manage.py synth` for benchmark data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DEMO_HOOKS: list[Callable[..., Any]] = []
SYNTH_HOOKS: list[Callable[..., Any]] = []
