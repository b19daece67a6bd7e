"""The quarterly report for commissioners: the quarter's figures (whole service and per cohort), the dose and
questionnaire outcomes, and the monthly XmR charts with their tables, as a PDF made with WeasyPrint (as the
plan documents are). Small numbers are always suppressed here, whoever downloads it: the report leaves the
service. Built from the pre-computed DashboardCell rows only (three queries), never from patient rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from rose.outcomes import charts, monthly, selectors

if TYPE_CHECKING:
    from rose.accounts.models import User

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_last_month(quarter: str) -> str:
    match = QUARTER.match(quarter)
    if match is None:
        raise Http404("No such quarter")
    return f"{match.group(1)}-{int(match.group(2)) * 3:02d}"


def quarterly_report_context(*, user: User, quarter: str) -> dict[str, Any]:
    """Everything the report shows for `quarter` ("2026-Q1"), small numbers suppressed."""
    until = quarter_last_month(quarter)
    if quarter not in selectors.report_quarters(user=user):
        raise Http404("No numbers for that quarter")
    cells = selectors.quarterly_report_cells(user=user, quarter=quarter)
    whole = charts.dashboard_view(cells=[c for c in cells if c.dimension == "all"], dimension="all",
                                  suppress_small=True)
    cohorts = charts.dashboard_view(cells=[c for c in cells if c.dimension == "cohort"], dimension="cohort",
                                    suppress_small=True)
    spc_charts = monthly.monthly_charts(cells=selectors.dashboard_monthly_cells(user=user), suppress_small=True,
                                        until=until)
    return {"quarter": quarter, "quarter_label": charts.quarter_label(quarter), "whole": whole, "cohorts": cohorts,
            "spc_charts": spc_charts, "programme": getattr(user, "programme", None), "generated": timezone.now()}


def quarterly_report_pdf(*, user: User, quarter: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to import and only this download needs it

    html = render_to_string("outcomes/report_quarterly.jinja", quarterly_report_context(user=user, quarter=quarter))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
