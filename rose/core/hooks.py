"""One way for a lower app to let higher apps take part in what it does: a typed `Hook`.

An app may import only the apps below it (docs/architecture.md). When a lower app must let a higher
one act (a red-flag text pausing a reduction plan, a panel on the patient page), the lower app
declares a hook in its `hooks` module (`rose/<app>/hooks.py`; core's own are at the end of this
file) by decorating a function whose signature and docstring say what each registered function
receives, returns and is for:

    @hook(policy=Policy.RAISE, registered_by="apps above patients")
    def status_changed(*, patient_id: Any, status: str) -> None:
        '''A patient was discharged or died: runs in patient_set_status's transaction.'''

Higher apps register in their `AppConfig.ready()`, and nowhere else: `status_changed.register(f)`.
Registering the same function again changes nothing (ready() may run twice). `order` puts a
function before (lower) or after (higher) the others; equal orders keep registration order. mypy
checks a registered function against the declared signature, and the lower app calls the hook by
what it wants back: `run(...)` (every function, nothing back), `collect(...)` (every answer, in
order) or `first(...)` (the first truthy answer; the rest are not asked).

What happens when a registered function raises is the hook's `policy`, fixed where it is declared:
- `Policy.RAISE`: the exception reaches the caller, so the caller's transaction rolls back (the
  write and what the hooks did with it happen together or not at all);
- `Policy.ISOLATE`: each function runs in its own savepoint; one that raises is logged, its writes
  are undone and the next one runs (a red-flag reply never fails because of a plan);
- `Policy.LOG`: one that raises is logged and skipped (read-only checks: a broken check must not
  stop every text).

Tests replace or add registrations for a block: `with status_changed.override(f):` (only f) or
`with status_changed.added(f):` (f as well). `scripts/update_interfaces_doc.py` writes the table of
every hook and its registrations into docs/app-interfaces.md.
"""

# mypy: disallow-untyped-defs, disallow-incomplete-defs, disallow-untyped-calls, disallow-any-generics
# mypy: disallow-untyped-decorators, warn-return-any, strict-equality

from __future__ import annotations

import contextlib
import enum
import inspect
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

from django.db import transaction

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class Policy(enum.Enum):
    """What happens when a registered function raises."""

    RAISE = "raise: the error reaches the caller, whose transaction rolls back"
    ISOLATE = "log and continue, each function in a savepoint (its writes undone if it fails)"
    LOG = "log and continue"


# Every hook declared, by name, for the generated documentation and the tests.
HOOKS: dict[str, Hook[..., Any]] = {}


def _label(func: Callable[..., Any]) -> str:
    module = getattr(func, "__module__", None) or "?"
    return f"{module}.{getattr(func, '__qualname__', repr(func))}"


class Hook(Generic[P, R]):
    """A hook a lower app offers: `spec` is the function whose signature and docstring every
    registered function follows."""

    def __init__(self, spec: Callable[P, R], *, policy: Policy, registered_by: str, name: str = "") -> None:
        module = spec.__module__
        self.app = module.split(".")[1] if module.startswith("rose.") else module
        self.name = name or f"{self.app}.{spec.__name__}"
        self.module = module
        self.spec = spec
        self.policy = policy
        self.registered_by = registered_by
        self.purpose = inspect.cleandoc(spec.__doc__ or "")
        self.signature = str(inspect.signature(spec)).replace("'", "")  # annotations are strings here
        self._entries: list[tuple[int, int, Callable[P, R]]] = []
        self._count = 0
        same = HOOKS.get(self.name, self)
        if (same.module, same.spec.__qualname__) != (module, spec.__qualname__):
            raise ValueError(f"Two hooks are called {self.name}")
        HOOKS[self.name] = self

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"

    # ---------------------------------------------------------------- registering

    def register(self, func: Callable[P, R], *, order: int = 0) -> Callable[P, R]:
        """Add `func` (once: a second registration of the same function changes nothing)."""
        if func not in self.registered():
            self._count += 1
            self._entries.append((order, self._count, func))
            self._entries.sort(key=lambda entry: entry[:2])
        return func

    def registered(self) -> tuple[Callable[P, R], ...]:
        """The registered functions, in the order they run."""
        return tuple(entry[2] for entry in self._entries)

    def registered_names(self) -> list[str]:
        return [_label(func) for func in self.registered()]

    @contextlib.contextmanager
    def override(self, *funcs: Callable[P, R]) -> Iterator[None]:
        """For tests: only `funcs` are registered inside the block; the registrations come back after."""
        saved, saved_count = self._entries, self._count
        self._entries = []
        try:
            for func in funcs:
                self.register(func)
            yield
        finally:
            self._entries, self._count = saved, saved_count

    @contextlib.contextmanager
    def added(self, *funcs: Callable[P, R]) -> Iterator[None]:
        """For tests: `funcs` are registered too (after the others) inside the block."""
        with self.override(*self.registered(), *funcs):
            yield

    # ---------------------------------------------------------------- calling

    def _answers(self, args: Any, kwargs: Any) -> Iterator[R]:
        """Each registered function's answer in turn, by the failure policy (none from one that failed
        and was skipped)."""
        for func in self.registered():
            if self.policy is Policy.RAISE:
                yield func(*args, **kwargs)
                continue
            try:
                if self.policy is Policy.ISOLATE:
                    with transaction.atomic():
                        answer = func(*args, **kwargs)
                else:
                    answer = func(*args, **kwargs)
            except Exception:
                logger.exception("Hook %s: %s failed and was skipped", self.name, _label(func))
            else:
                yield answer

    def run(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every registered function in order."""
        for _ in self._answers(args, kwargs):
            pass

    def collect(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Every registered function's answer, in order (none from one that failed and was skipped)."""
        return list(self._answers(args, kwargs))

    def first(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """The first truthy answer (the functions after it are not called), or None."""
        for answer in self._answers(args, kwargs):
            if answer:
                return answer
        return None


def hook(*, policy: Policy, registered_by: str, name: str = "") -> Callable[[Callable[P, R]], Hook[P, R]]:
    """Declare a hook from a function: its signature is what registered functions take and return,
    its docstring what the hook offers. The name is `<app>.<function name>` unless given."""

    def declare(spec: Callable[P, R]) -> Hook[P, R]:
        return Hook(spec, policy=policy, registered_by=registered_by, name=name)

    return declare


# ==================================================================== the hooks core offers


@hook(policy=Policy.RAISE, registered_by="any app")
def health_facts() -> dict[str, object]:
    """Extra facts for `/healthz` when the database answers (the age of the oldest due text, the
    formulary in force). Each answer is merged into the response; catch your own query errors."""
    return {}


@hook(policy=Policy.RAISE, registered_by="any app")
def home_counts(user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
    """The staff home page's counts for the signed-in user: `{"label", "count", "href", "source"}`
    each. Each function must run a fixed number of queries."""
    return []


@hook(policy=Policy.RAISE, registered_by="any domain app")
def demo_data(*, programme: Any, staff: dict[str, Any], patients: list[Any], stdout: Any) -> None:
    """`manage.py demo_data` (`make run`): add the app's made-up data once the demo programme, its
    staff and patients exist, in one transaction, in app order."""


@hook(policy=Policy.RAISE, registered_by="any domain app")
def synth_data(*, programme: Any, rng: Any, stdout: Any) -> object:
    """`manage.py synth`: add the app's synthetic rows for the benchmarks after the patients exist (any
    answer is ignored)."""
    return None
