"""The hook registry (rose.core.hooks): registration once, order, the three failure policies, test
overrides, and every declared hook's registrations matching its signature."""

from __future__ import annotations

import inspect
import logging

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from rose.core import hooks
from rose.core.hooks import Hook, Policy, hook
from rose.core.models import PeriodicJob


@pytest.fixture
def fresh(monkeypatch):
    """Hooks declared in a test stay out of the project's list (and its generated document)."""
    monkeypatch.setattr(hooks, "HOOKS", {})


def declare(policy: Policy) -> Hook:
    @hook(policy=policy, registered_by="tests")
    def answer(value: int) -> str:
        """A test hook."""
        return ""

    return answer


def _write(name: str) -> PeriodicJob:
    """A row written by a hook (any model core owns will do)."""
    return PeriodicJob.objects.create(name=name, next_run_at=timezone.now())


def broken(value: int) -> str:
    raise RuntimeError("broken hook")


def test_a_declared_hook_says_what_it_offers(fresh):
    offered = declare(Policy.RAISE)
    assert offered.name == "core.answer" and {"core.answer": offered} == hooks.HOOKS
    assert offered.purpose == "A test hook." and offered.registered_by == "tests"
    assert offered.signature == "(value: int) -> str"


def test_two_hooks_may_not_share_a_name(fresh):
    declare(Policy.RAISE)
    with pytest.raises(ValueError, match=r"Two hooks are called core\.answer"):
        Hook(broken, policy=Policy.RAISE, registered_by="tests", name="core.answer")


def test_registering_a_function_twice_registers_it_once(fresh):
    offered = declare(Policy.RAISE)

    def one(value: int) -> str:
        return "one"

    assert offered.register(one) is one
    offered.register(one)
    assert offered.registered() == (one,)
    assert offered.collect(1) == ["one"]


def test_order_puts_a_function_first_and_ties_keep_registration_order(fresh):
    offered = declare(Policy.RAISE)
    last, middle, first, second = (lambda v: "last"), (lambda v: "middle"), (lambda v: "first"), (lambda v: "2nd")
    offered.register(last, order=1)
    offered.register(middle)
    offered.register(first, order=-1)
    offered.register(second, order=-1)
    assert offered.collect(0) == ["first", "2nd", "middle", "last"]


def test_running_every_app_ready_again_adds_no_registration():
    before = {name: declared.registered() for name, declared in hooks.HOOKS.items()}
    for config in apps.get_app_configs():
        if config.name.startswith("rose."):
            config.ready()
    assert {name: declared.registered() for name, declared in hooks.HOOKS.items()} == before


def test_first_returns_the_first_truthy_answer_and_asks_no_further(fresh):
    offered = declare(Policy.RAISE)
    asked = []
    offered.register(lambda v: asked.append("a") or "")
    offered.register(lambda v: asked.append("b") or f"b{v}")
    offered.register(lambda v: asked.append("c") or "c")
    assert offered.first(7) == "b7" and asked == ["a", "b"]
    with offered.override():
        assert offered.first(7) is None and offered.collect(7) == []


def test_raise_policy_stops_at_the_failure_and_the_callers_transaction_rolls_back(fresh, db):
    offered = declare(Policy.RAISE)
    after = []
    offered.register(lambda v: _write("hook") and "")
    offered.register(broken)
    offered.register(lambda v: after.append(v) or "")
    with pytest.raises(RuntimeError, match="broken hook"), transaction.atomic():
        offered.run(1)
    assert after == [] and not PeriodicJob.objects.filter(name="hook").exists()


def test_isolate_policy_undoes_the_failing_functions_writes_logs_it_and_runs_the_rest(fresh, db, caplog):
    offered = declare(Policy.ISOLATE)

    def writes_then_fails(value: int) -> str:
        _write("undone")
        raise RuntimeError("broken hook")

    offered.register(writes_then_fails)
    offered.register(lambda v: _write("kept") and "kept")
    with caplog.at_level(logging.ERROR, logger="rose.core.hooks"):
        assert offered.collect(1) == ["kept"]
    assert not PeriodicJob.objects.filter(name="undone").exists()
    assert PeriodicJob.objects.filter(name="kept").exists()
    assert "core.answer" in caplog.text and "writes_then_fails failed" in caplog.text


def test_log_policy_skips_the_failing_function_and_logs_it(fresh, caplog):
    offered = declare(Policy.LOG)
    offered.register(broken)
    offered.register(lambda v: "refused")
    with caplog.at_level(logging.ERROR, logger="rose.core.hooks"):
        assert offered.first(1) == "refused"
    assert "broken failed and was skipped" in caplog.text
    with offered.override(broken):
        offered.run(1)  # nothing raised


def test_override_and_added_last_only_for_their_block(fresh):
    offered = declare(Policy.RAISE)

    def kept(value: int) -> str:
        return "kept"

    def extra(value: int) -> str:
        return "extra"

    offered.register(kept)
    with offered.override(extra):
        assert offered.registered() == (extra,)
    with offered.added(extra):
        assert offered.registered() == (kept, extra)
    with pytest.raises(ZeroDivisionError), offered.override(extra):
        raise ZeroDivisionError
    assert offered.registered() == (kept,)
    offered.register(extra)
    assert offered.registered() == (kept, extra)


def _accepts(func, spec) -> bool:
    """Whether `func` can be called as the hook's callers call it (by the spec's parameter kinds)."""
    args, kwargs = [], {}
    for parameter in inspect.signature(spec).parameters.values():
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            args.append(None)
        else:
            kwargs[parameter.name] = None
    try:
        inspect.signature(func).bind(*args, **kwargs)
    except TypeError:
        return False
    return True


def test_every_declared_hook_is_documented_and_its_registrations_take_its_arguments():
    assert len(hooks.HOOKS) >= 15
    for name, declared in hooks.HOOKS.items():
        assert declared.purpose and declared.registered_by, name
        assert declared.registered(), f"{name} has no registration"
        for func in declared.registered():
            assert _accepts(func, declared.spec), f"{name}: {func} does not take {declared.signature}"
