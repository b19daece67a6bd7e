"""Checked by mypy in `make lint`, never run: a function registered on a hook, and a hook's call, must
match the declared signature. Each `type: ignore` below marks a mistake mypy must catch; if it stopped
catching one, `warn_unused_ignores` would fail the lint."""

# mypy: disallow-untyped-defs, disallow-any-generics, warn-unused-ignores

from __future__ import annotations

from rose.core.hooks import Policy, hook


@hook(policy=Policy.RAISE, registered_by="nobody: a typing example")
def example(*, patient_id: int, status: str) -> str:
    """An example hook."""
    return ""


def fits(*, patient_id: int, status: str) -> str:
    return status


def wrong_argument(*, patient_id: str, status: str) -> str:
    return status


def wrong_answer(*, patient_id: int, status: str) -> int:
    return patient_id


def check() -> None:
    example.register(fits)
    example.register(wrong_argument)  # type: ignore[arg-type]
    example.register(wrong_answer)  # type: ignore[arg-type]
    answers: list[str] = example.collect(patient_id=1, status="discharged")
    first: str | None = example.first(patient_id=1, status="discharged")
    example.run(patient_id="1", status="discharged")  # type: ignore[arg-type]
    example.run(patient=1, status="discharged")  # type: ignore[call-arg]
    wrong: list[int] = example.collect(patient_id=1, status="x")  # type: ignore[assignment]
    del answers, first, wrong
