"""The Jinja2 environment: our templates first, then NHS.UK frontend's component macros."""

from __future__ import annotations

import functools
import uuid
from collections import ChainMap
from collections.abc import Callable, KeysView, MutableMapping
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemBytecodeCache, PackageLoader

from rose.core import formrender, presenters


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


_UUID_MARK, _INT_MARK = uuid.UUID(int=0x0123456789ABCDEF), 987654321012


@functools.lru_cache(maxsize=256)
def _url_halves(name: str, kwarg: str, prefix: str) -> tuple[str, str, type] | None:
    for mark in (_UUID_MARK, _INT_MARK):
        try:
            head, _, tail = reverse(name, kwargs={kwarg: mark}).partition(str(mark))
        except NoReverseMatch:
            continue
        return head, tail, type(mark)
    return None


def url_each(name: str, kwarg: str) -> Callable[[Any], str]:
    """For a list's rows: `{% set href = url_each("patients:detail", "patient_id") %}` then
    `href(patient.pk)`. The pattern is reversed once (per process) and each row's UUID or number is
    put in its place, which is what reverse() gives for it; any other value goes through reverse()."""
    halves = _url_halves(name, kwarg, get_script_prefix())

    def href(value: Any) -> str:
        if halves is not None and type(value) is halves[2]:
            return f"{halves[0]}{value}{halves[1]}"
        return reverse(name, kwargs={kwarg: value})

    return href


def _state_presenters() -> dict[str, Any]:
    """Each app's status rules for templates (issue #18): pages ask these, never compare a status."""
    from rose.groups import presenters as groups
    from rose.hub import presenters as hub
    from rose.messaging import presenters as messaging
    from rose.outcomes import presenters as outcomes
    from rose.plans import presenters as plans
    from rose.referrals import presenters as referrals

    return {**plans.JINJA_GLOBALS, **referrals.JINJA_GLOBALS, **groups.JINJA_GLOBALS, **hub.JINJA_GLOBALS,
            **messaging.JINJA_GLOBALS, **outcomes.JINJA_GLOBALS}


class _Globals(ChainMap[str, Any]):
    """A template's globals (its own over the environment's), as Jinja makes them, with a fast `keys()`.

    Every `{% from "..." import macro %}` asks Jinja whether the importing page has globals the macro
    file lacks (`page globals keys - macro globals.keys()`); with a plain ChainMap that is a Python-level
    membership test through both maps for each of about 35 names: 50 us an import, 15 imports a page
    (0.8 ms, over half the bare page's whole CPU). Here the keys come from one merged dict, so the
    difference is computed in C. The keys are the same: the maps are merged afresh on each call."""

    def keys(self) -> KeysView[str]:
        merged: dict[str, Any] = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


class RoseEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["loader"] = ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined  # nhsuk macros read nested optional params
    options.setdefault("autoescape", True)
    options.setdefault("extensions", []).append("wagtail.jinja2tags.core")
    if not options.get("auto_reload", True):
        # Outside DEBUG (Django sets auto_reload=DEBUG) templates are never re-read; each worker loads
        # their compiled code from a per-user cache in the temp directory instead of compiling them.
        options.setdefault("bytecode_cache", FileSystemBytecodeCache())
    env = RoseEnvironment(**options)  # autoescape is set above
    env.globals.update({"url": url, "url_each": url_each, "static": static, "get_messages": get_messages})
    env.filters.update(presenters.JINJA_FILTERS)
    env.globals.update(_state_presenters())
    formrender.install(env)
    return env
