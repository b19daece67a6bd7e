"""The public OME calculator: no sign-in, no patient data, works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from rose.core.formrender import kept_fragment
from rose.medicines.forms import ITEMS, CalculatorForm
from rose.medicines.selectors import calculator_choices
from rose.medicines.services import ContractError, ome_calculate


def _rows(form: CalculatorForm) -> list[dict[str, Any]]:
    return [{"number": i, **{name: form[f"item_{i}_{name}"] for name in
                             ("medicine", "amount", "times_per_day", "patch_mcg_per_hour", "as_needed")}}
            for i in range(1, ITEMS + 1)]


def _blank_fields(choices: dict[str, Any]) -> str:
    """The blank form's fields (public, nothing typed), rendered once per formulary and tables."""
    key = ("calculator", choices["formulary_version"], tuple(choices["tables"]), choices["default_table"])

    def make() -> str:
        form = CalculatorForm(choices=choices)
        return render_to_string("medicines/_calculator_fields.jinja", {"form": form, "rows": _rows(form)})

    return kept_fragment(key, make)


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    choices = calculator_choices()
    if request.method == "GET":  # the blank form: its fields are the same for everyone
        return render(request, "medicines/calculator.jinja", {
            "page_title": "Oral morphine equivalent calculator", "answer": None,
            "blank_fields": Markup(_blank_fields(choices)),  # noqa: S704 - rendered by Jinja with autoescape
            "form": None, "formulary_version": choices["formulary_version"]})
    form = CalculatorForm(request.POST or None, choices=choices)
    answer = None
    if request.method == "POST" and form.is_valid():
        try:
            answer = ome_calculate(regimen=form.cleaned_data["regimen"])
        except ContractError as error:
            form.add_contract_errors(error.errors)
    rows = _rows(form)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "medicines/calculator.jinja", {
        "page_title": ("Error: " if form.errors else "") + "Oral morphine equivalent calculator",
        "form": form, "rows": rows, "answer": answer, "formulary_version": choices["formulary_version"],
    }, status=status)
