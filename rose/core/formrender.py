"""Render Django bound fields with the NHS.UK frontend macros, keeping what the user typed.

Templates call `field(form["name"])` and `error_summary(form)`; the choice of macro and
its parameters is made here so templates hold no logic.
"""

from __future__ import annotations

from typing import Any

from django import forms
from jinja2 import Environment
from markupsafe import Markup

from rose.core.forms import DateWidget

_MACROS = {
    "input": ("nhsuk/components/input/macro.jinja", "input"),
    "textarea": ("nhsuk/components/textarea/macro.jinja", "textarea"),
    "select": ("nhsuk/components/select/macro.jinja", "select"),
    "radios": ("nhsuk/components/radios/macro.jinja", "radios"),
    "checkboxes": ("nhsuk/components/checkboxes/macro.jinja", "checkboxes"),
    "dateInput": ("nhsuk/components/date-input/macro.jinja", "dateInput"),
    "errorSummary": ("nhsuk/components/error-summary/macro.jinja", "errorSummary"),
}


def _macro(env: Environment, key: str) -> Any:
    path, name = _MACROS[key]
    return getattr(env.get_template(path).module, name)


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
    def field(bf: forms.BoundField, **overrides: Any) -> Markup:
        name, params = field_params(bf, **overrides)
        return Markup(_macro(env, name)(params))  # noqa: S704 - macro output is escaped by Jinja

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

    env.globals.update(field=field, error_summary=error_summary)
