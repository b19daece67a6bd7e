"""The public OME calculator: no sign-in, no patient data, works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rose.medicines.forms import ITEMS, CalculatorForm
from rose.medicines.selectors import calculator_choices
from rose.medicines.services import ContractError, ome_calculate


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    choices = calculator_choices()
    form = CalculatorForm(request.POST or None, choices=choices)
    answer = None
    if request.method == "POST" and form.is_valid():
        try:
            answer = ome_calculate(regimen=form.cleaned_data["regimen"])
        except ContractError as error:
            form.add_contract_errors(error.errors)
    rows = [{"number": i, **{name: form[f"item_{i}_{name}"] for name in
                             ("medicine", "amount", "times_per_day", "patch_mcg_per_hour", "as_needed")}}
            for i in range(1, ITEMS + 1)]
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "medicines/calculator.jinja", {
        "page_title": ("Error: " if form.errors else "") + "Oral morphine equivalent calculator",
        "form": form, "rows": rows, "answer": answer, "formulary_version": choices["formulary_version"],
    }, status=status)
