"""Render Django bound fields with the NHS.UK frontend macros, keeping what the user typed.

Templates call `field(form["name"])` and `error_summary(form)`; the choice of macro and
its parameters is made here so templates hold no logic.

Speed (docs/benchmarks.md, "Page cost"): a select's options are rendered through the NHS.UK
select macro once per distinct option list and kept; each request renders the select's shell
(label, hint, error) with no options and splices the kept options in, marking the chosen ones.
A field with nothing typed and no error is rendered once per distinct set of parameters and kept
too. Kept HTML is found by every parameter, so a page only ever gets the HTML its own parameters
produce; it holds what forms define (labels, hints, choices), never what a user typed or an error
message. A field whose label or choices name a patient (the group register's attendance boxes,
the waiting list to book from) is marked `field.personal = True` (`personal()` below) and is
never kept: its HTML is rendered afresh for each request, so no patient's name stays in a worker's
memory between requests. The HTML is exactly what the macro renders (tested against the macros
themselves).

`component("header", params)` does the same for the page's fixed components: an NHS.UK macro's
output depends on nothing but its parameters, so the header (one per set of navigation links), the
footer, the skip link, the home page's cards and fixed buttons and tags are rendered by the macro
once per distinct parameters and kept. Templates call it only with parameters that hold no
personal data (service names, navigation, fixed labels); anything naming a patient or holding what
a user typed goes through the macro itself, every time.

`filled("summaryList", params)` is for components that do show personal data (a patient's
details): the macro renders the component once per shape with a numbered marker in place of each
`text` and `href`, and each request splices the escaped values in. What is kept holds only the
markers, never a value. A value the macro could treat differently from its marker (empty, with a
line break or surrounding spaces, already HTML, or not a string) sends that call to the macro
itself, so the HTML is always what the macro renders (tested against the macro).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django import forms
from jinja2 import Environment, Undefined
from markupsafe import Markup, escape

from rose.core.forms import DateWidget

_MACROS = {
    "input": ("nhsuk/components/input/macro.jinja", "input"),
    "textarea": ("nhsuk/components/textarea/macro.jinja", "textarea"),
    "select": ("nhsuk/components/select/macro.jinja", "select"),
    "radios": ("nhsuk/components/radios/macro.jinja", "radios"),
    "checkboxes": ("nhsuk/components/checkboxes/macro.jinja", "checkboxes"),
    "dateInput": ("nhsuk/components/date-input/macro.jinja", "dateInput"),
    "errorSummary": ("nhsuk/components/error-summary/macro.jinja", "errorSummary"),
    # Page furniture and fixed components, for component() below.
    "header": ("nhsuk/components/header/macro.jinja", "header"),
    "footer": ("nhsuk/components/footer/macro.jinja", "footer"),
    "skipLink": ("nhsuk/components/skip-link/macro.jinja", "skipLink"),
    "card": ("nhsuk/components/card/macro.jinja", "card"),
    "button": ("nhsuk/components/button/macro.jinja", "button"),
    "tag": ("nhsuk/components/tag/macro.jinja", "tag"),
    "insetText": ("nhsuk/components/inset-text/macro.jinja", "insetText"),
    "warningCallout": ("nhsuk/components/warning-callout/macro.jinja", "warningCallout"),
    "backLink": ("nhsuk/components/back-link/macro.jinja", "backLink"),
    "summaryList": ("nhsuk/components/summary-list/macro.jinja", "summaryList"),
    "pagination": ("nhsuk/components/pagination/macro.jinja", "pagination"),
}


_KEPT_MAX = 512  # distinct blank fields and option lists kept per process (least recently used go)
_SELECT_END = "</select>"


def personal(field: forms.Field) -> forms.Field:
    """Mark a form field whose label or choices hold personal data (a patient's name): never kept."""
    field.personal = True  # type: ignore[attr-defined]
    return field


def _macro(env: Environment, key: str) -> Any:
    path, name = _MACROS[key]
    return getattr(env.get_template(path).module, name)


class _Kept:
    """A small thread-safe least-recently-used map of rendered HTML."""

    def __init__(self, size: int = _KEPT_MAX) -> None:
        self.size, self.items, self.lock = size, OrderedDict[Any, str](), threading.Lock()

    def get(self, key: Any, make: Any) -> str:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_FRAGMENTS = _Kept(64)


def kept_fragment(key: Any, make: Any) -> str:
    """HTML a view renders the same for everyone (a public blank form), made once per `key` and
    kept; never for anything personal or typed."""
    return _FRAGMENTS.get(key, make)


def _frozen(value: Any) -> Any:
    """A hashable copy of macro parameters (dicts, lists and plain values, each with its type, so
    True and 1 differ); TypeError for anything else."""
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if value is None or isinstance(value, str | bool | int):
        return (value.__class__, value)
    if isinstance(value, Undefined):  # `x if y else undefined` in a template: the macro sees no value
        return (Undefined, None)
    raise TypeError(type(value))


_SLOT_KEYS = frozenset({"text", "href"})
_INPUT_SLOTS = frozenset({"text", "href", "value"})
_MARK = "\x00"  # never escaped, never in a value (values holding it go to the macro)


def _slotted(value: Any, slots: list[str], keys: frozenset[str] = _SLOT_KEYS) -> Any:
    """`value` with each fillable text and href replaced by a numbered marker (appended to `slots`);
    TypeError when a value must go through the macro itself."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in keys and isinstance(v, str) and not isinstance(v, Markup):
                if not v or v != v.strip() or "\n" in v or "\r" in v or _MARK in v:
                    raise TypeError("text the macro may change")
                slots.append(v)
                out[k] = f"{_MARK}{len(slots) - 1}{_MARK}"
            else:
                out[k] = _slotted(v, slots, keys)
        return out
    if isinstance(value, list | tuple):
        return [_slotted(v, slots, keys) for v in value]
    if isinstance(value, Markup):
        raise TypeError("HTML goes through the macro")
    return value


def _split_select(html: str) -> tuple[str, str, str]:
    """(up to and including the <select ...> tag, the options, from </select> on)."""
    start = html.index(">", html.index("<select")) + 1
    end = html.rindex(_SELECT_END)
    return html[:start], html[start:end], html[end:]


def _key(name: str, params: dict[str, Any]) -> Any:
    if name != "select":
        return name, _frozen(params)
    items = tuple((item["value"], item["text"], item["selected"]) for item in params["items"])
    return name, items, _frozen({k: v for k, v in params.items() if k != "items"})


def _blank(bf: forms.BoundField) -> bool:
    value = bf.value()
    return not bf.errors and (value is None or value in ("", [], False) or value == [None, None, None])


def _first_error(bf: forms.BoundField) -> dict[str, str] | None:
    return {"text": str(bf.errors[0])} if bf.errors else None


def _input_type(widget: forms.Widget) -> str:
    return {"email": "email", "number": "text", "tel": "tel", "password": "password"}.get(
        getattr(widget, "input_type", "text"), "text"
    )


def _choices(bf: forms.BoundField, selected: Any) -> list[dict[str, Any]]:
    chosen = {str(v) for v in (selected if isinstance(selected, list | tuple) else [selected])}
    return [
        {"value": str(value), "text": str(text), "checked": str(value) in chosen,
         "selected": str(value) in chosen}
        for value, text in bf.field.choices  # type: ignore[attr-defined]
    ]


def field_params(bf: forms.BoundField, **overrides: Any) -> tuple[str, dict[str, Any]]:
    """Pick the NHS macro for a bound field and build its parameters."""
    widget = bf.field.widget
    label = overrides.pop("label", bf.label)
    hint = overrides.pop("hint", bf.help_text or None)
    base: dict[str, Any] = {"id": bf.id_for_label or bf.auto_id, "name": bf.html_name,
                            "errorMessage": _first_error(bf)}
    if hint:
        base["hint"] = {"text": str(hint)}
    value = bf.value()
    if isinstance(widget, DateWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        base.update(id=bf.auto_id, namePrefix=None, fieldset={"legend": {"text": str(label)}},
                    items=[{"name": f"{bf.html_name}_{part}", "label": part.capitalize(),
                            "value": parts[i] if parts else None, "width": 4 if part == "year" else 2,
                            "id": f"{bf.auto_id}_{part}", "classes": "nhsuk-input--error" if bf.errors else ""}
                           for i, part in enumerate(("day", "month", "year"))])
        return "dateInput", {**base, **overrides}
    if isinstance(widget, forms.CheckboxSelectMultiple):
        base.update(id=f"{bf.auto_id}-group", idPrefix=bf.auto_id, items=_choices(bf, value or []),
                    fieldset={"legend": {"text": str(label)}})
        return "checkboxes", {**base, **overrides}
    if isinstance(widget, forms.RadioSelect):
        base.update(id=f"{bf.auto_id}-group", idPrefix=bf.auto_id, items=_choices(bf, value),
                    fieldset={"legend": {"text": str(label)}})
        return "radios", {**base, **overrides}
    if isinstance(widget, forms.CheckboxInput):
        base.update(id=f"{bf.auto_id}-group", idPrefix=bf.auto_id,
                    items=[{"value": "on", "text": str(label), "checked": bool(value)}])
        return "checkboxes", {**base, **overrides}
    base["label"] = {"text": str(label)}
    if isinstance(widget, forms.Select):
        base["items"] = _choices(bf, value)
        return "select", {**base, **overrides}
    base["value"] = "" if value is None else str(value)
    if isinstance(widget, forms.Textarea):
        return "textarea", {**base, **overrides}
    base["type"] = _input_type(widget)
    if widget.attrs.get("autocomplete"):
        base["autocomplete"] = widget.attrs["autocomplete"]
    if widget.attrs.get("inputmode"):
        base["inputmode"] = widget.attrs["inputmode"]
    return "input", {**base, **overrides}


def install(env: Environment) -> None:
    kept_fields, kept_options = _Kept(), _Kept()

    def render(name: str, params: dict[str, Any]) -> str:
        return str(_macro(env, name)(params))

    def options(items: list[dict[str, Any]]) -> str:
        """The <option>s of a select with nothing chosen, rendered by the macro once per list."""
        key = tuple((item["value"], item["text"]) for item in items)
        plain = [{"value": value, "text": text, "selected": False} for value, text in key]
        return kept_options.get(key, lambda: _split_select(render("select", {"name": "x", "items": plain}))[1])

    def select(params: dict[str, Any], keep: bool = True) -> str:
        if not keep:
            return render("select", params)
        items = params["items"]
        # The shell (label, hint, error) from a kept shape with its texts spliced in.
        head, _, tail = _split_select(str(filled("select", {**params, "items": []})))
        html = options(items)
        for item in items:
            if item["selected"]:
                tag = f'<option value="{escape(item["value"])}"'  # the closing quote ends the match
                html = html.replace(tag, f"{tag} selected", 1)
        return head + html + tail

    def field(bf: forms.BoundField, **overrides: Any) -> Markup:
        name, params = field_params(bf, **overrides)
        keep = not getattr(bf.field, "personal", False)
        if name == "input" and not _blank(bf):  # what was typed and any error: spliced into a kept shape
            return filled(name, params, _INPUT_SLOTS)
        make = (lambda: select(params, keep)) if name == "select" else (lambda: render(name, params))
        if keep and _blank(bf):
            try:
                key = _key(name, params)
            except TypeError:  # parameters we cannot hash: render afresh
                return Markup(make())  # noqa: S704 - macro output is escaped by Jinja
            return Markup(kept_fields.get(key, make))  # noqa: S704 - macro output is escaped by Jinja
        return Markup(make())  # noqa: S704 - macro output is escaped by Jinja

    def error_summary(*forms_: forms.BaseForm | None) -> Markup:
        errors = []
        for form in forms_:
            if form is None or not form.errors:
                continue
            for message in form.non_field_errors():
                errors.append({"text": str(message)})
            for bf in form:
                if bf.errors:
                    target = f"{bf.auto_id}_day" if isinstance(bf.field.widget, DateWidget) else bf.auto_id
                    errors.append({"text": str(bf.errors[0]), "href": f"#{target}"})
        if not errors:
            return Markup("")
        return Markup(_macro(env, "errorSummary")({"titleText": "There is a problem", "errorList": errors}))  # noqa: S704

    kept_components = _Kept()

    def component(name: str, params: dict[str, Any] | None = None) -> Markup:
        """An NHS.UK component with fixed parameters (never personal data), rendered once and kept."""
        params = params or {}
        try:
            key = (name, _frozen(params))
        except TypeError:  # parameters we cannot hash: render afresh
            return Markup(render(name, params))  # noqa: S704 - macro output is escaped by Jinja
        return Markup(kept_components.get(key, lambda: render(name, params)))  # noqa: S704 - as above

    kept_shapes = _Kept()

    def shape(name: str, slotted: dict[str, Any], count: int) -> list[str] | None:
        """The macro's HTML for `slotted`, split at the markers: [html, slot number, html, ...]; None
        when a marker did not come through whole (the macro changed it)."""
        parts = render(name, slotted).split(_MARK)
        if len(parts) % 2 == 0 or any(not parts[i].isdigit() or int(parts[i]) >= count
                                       for i in range(1, len(parts), 2)):
            return None
        return parts

    def filled(name: str, params: dict[str, Any], keys: frozenset[str] = _SLOT_KEYS) -> Markup:
        """An NHS.UK component showing personal data, rendered from a kept shape with the values
        spliced in (see the module docstring); exactly what the macro renders."""
        slots: list[str] = []
        try:
            slotted = _slotted(params, slots, keys)
            key = (name, _frozen(slotted))
        except TypeError:
            return Markup(render(name, params))  # noqa: S704 - macro output is escaped by Jinja
        parts = kept_shapes.get(key, lambda: shape(name, slotted, len(slots)))
        if parts is None:
            return Markup(render(name, params))  # noqa: S704 - as above
        out = list(parts)
        for i in range(1, len(out), 2):
            out[i] = escape(slots[int(out[i])])
        return Markup("".join(out))  # noqa: S704 - the macro's HTML with escaped values

    env.globals.update(field=field, error_summary=error_summary, component=component, filled=filled)
    env.rose_kept = (kept_fields, kept_options)  # type: ignore[attr-defined]  # tests clear these
    env.rose_kept_components = kept_components  # type: ignore[attr-defined]
    env.rose_kept_shapes = kept_shapes  # type: ignore[attr-defined]
