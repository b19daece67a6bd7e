"""Marks views that show patient data, so the audit walk test can find every one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def shows_patient_data(view: F) -> F:
    """Declare that a view shows patient data. tests/test_audit_walk.py requests every
    marked URL pattern and fails unless the response wrote an audit row."""
    view.shows_patient_data = True  # type: ignore[attr-defined]
    return view
