"""The Jinja environment's template globals (rose.config.jinja2._Globals): a ChainMap with fast keys()."""

from __future__ import annotations

from collections import ChainMap

from django.template import engines

from rose.config.jinja2 import _Globals


def test_keys_are_a_chainmaps_keys_and_follow_later_changes():
    base, own = {"a": 1, "b": 2}, {"b": 3, "c": 4}
    kept = _Globals(own, base)
    assert set(kept.keys()) == set(ChainMap(own, base).keys()) == {"a", "b", "c"}
    assert kept["b"] == 3
    base["d"] = 5
    assert {"a", "d", "x"} - kept.keys() == {"x"}
    kept["e"] = 6  # a template's own globals never reach the environment's
    assert "e" not in base


def test_templates_get_them_and_macro_imports_share_one_module():
    env = engines["jinja2"].env
    page, macros = env.get_template("layout.jinja"), env.get_template("nhsuk/components/header/macro.jinja")
    assert isinstance(page.globals, _Globals) and isinstance(macros.globals, _Globals)
    context = page.new_context({})
    assert not context.globals_keys - macros.globals.keys()
    assert macros._get_default_module(context) is macros._get_default_module(context)  # cached, not remade
