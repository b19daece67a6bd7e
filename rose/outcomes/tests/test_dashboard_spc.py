"""Evaluation dashboard (issue 15 item 5): monthly measures and their XmR charts, the dose table, small-number
suppression, the dashboard's query count and the quarterly report for commissioners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.outcomes import monthly, report, summaries
from rose.outcomes.models import DashboardCell, Invitation
from rose.outcomes.tests.test_staff import pair
from rose.patients.tests.factories import PatientFactory
from rose.referrals.models import Referral
from rose.referrals.tests.factories import ReferralFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
CLINICAL = [Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER]


def at(year, month, day=15):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def paired(programme, count, *, ome_after=40, month=(2026, 1)):
    """`count` consenting patients with a PEG pair and OME 100 -> ome_after, baseline and 3-month due dates in
    `month` and three months later."""
    patients = [PatientFactory(programme=programme) for _ in range(count)]
    for patient in patients:
        pair(patient, 8, 5, 100, ome_after)
    year, mon = month
    Invitation.objects.filter(patient__in=patients, event__code="baseline").update(due_on=dt.date(year, mon, 10))
    Invitation.objects.filter(patient__in=patients, event__code="month_3").update(
        due_on=dt.date(year + (mon + 2) // 12, (mon + 2) % 12 + 1, 10))
    return patients


def cells(programme, **where):
    return {c.metric: c for c in DashboardCell.objects.filter(programme=programme, **where)}


# ------------------------------------------------------------------ the monthly numbers

def test_monthly_numbers_are_worked_out_by_month(programme):
    """Referrals: 2 in January 2026, 1 in March. Five patients, baseline January, 3 months due April: OME
    100 -> 40 (60% less) for 3, 100 -> 80 (20% less) for 2. Reduced by 50% or more or stopped: 3 of 5.
    Mean OME at referral in January: 100. PEG 8 -> 5 for everyone: mean change at 3 months -3 (in April)."""
    for when in (at(2026, 1, 5), at(2026, 1, 20), at(2026, 3, 3)):
        Referral.objects.filter(pk=ReferralFactory(programme=programme).pk).update(created_at=when)
    paired(programme, 3, ome_after=40)
    paired(programme, 2, ome_after=80)
    summaries.refresh_programme(programme.pk)
    found = cells(programme, section="monthly")
    assert (found["referrals:2026-01"].n, found["referrals:2026-03"].n) == (2, 1)
    assert "referrals:2026-02" not in found  # an empty month is filled in as 0 when drawn
    assert (found["reduced_m3:2026-04"].n, found["reduced_m3:2026-04"].value) == (5, 3)
    assert found["ome_baseline:2026-01"].value == Decimal("100.00")
    assert (found["peg_change_m3:2026-04"].n, found["peg_change_m3:2026-04"].value) == (5, Decimal("-3.00"))
    quarter = cells(programme, section="responder", dimension="all", period="2026-Q1")
    assert (quarter["reduced_or_stopped:month_3"].n, quarter["reduced_or_stopped:month_3"].value) == (5, 3)
    rows = {c["code"]: c for c in monthly.monthly_charts(cells=list(found.values()), suppress_small=False)}
    assert [(r.label, r.value) for r in rows["referrals"]["rows"]] == [
        ("Jan 2026", 2), ("Feb 2026", 0), ("Mar 2026", 1)]
    assert rows["reduced_m3"]["rows"][0].value == Decimal("60.0")


def cell(metric, n, value):
    return SimpleNamespace(metric=metric, n=n, value=Decimal(value), dimension="all")


def test_months_with_fewer_than_5_are_suppressed_and_left_out_of_the_chart():
    """Shares 2 of 4 (suppressed for evaluators), 3 of 5 = 60%, 4 of 5 = 80%: the evaluator's chart has two
    points (mean 70) and the suppressed month says "Fewer than 5"; the clinical team sees all three (mean 63.3)."""
    series = [cell("reduced_m3:2026-01", 4, 2), cell("reduced_m3:2026-02", 5, 3), cell("reduced_m3:2026-03", 5, 4)]
    hidden = monthly.monthly_charts(cells=series, suppress_small=True)[0]
    assert [r.value for r in hidden["rows"]] == [None, Decimal("60.0"), Decimal("80.0")]
    assert hidden["rows"][0].suppressed and hidden["rows"][0].signal == "Fewer than 5: not charted"
    assert hidden["mean"] == Decimal("70.0") and len(hidden["xmr"].points) == 2
    shown = monthly.monthly_charts(cells=series, suppress_small=False)[0]
    assert shown["mean"] == Decimal("63.3") and len(shown["xmr"].points) == 3
    html = render_to_string("outcomes/_spc_table.jinja", {"chart": hidden})
    assert "Fewer than 5" in html and ">50.0<" not in html


def test_the_xmr_chart_has_a_title_a_description_and_marks_special_causes_by_shape_and_text():
    """Referrals 5 a month for 7 months then 12: the seven are a shift (low), 12 is outside (high)."""
    series = [cell(f"referrals:2026-{m:02d}", 5, 5) for m in range(1, 8)] + [cell("referrals:2026-08", 12, 12)]
    chart = monthly.monthly_charts(cells=series, suppress_small=True)[0]
    svg = str(chart["svg"])
    assert "<title" in svg and "<desc" in svg and "Special cause in 8 months" in svg
    assert svg.count("<path") == 8 and svg.count("<circle") == 0 and ">high</text>" in svg and ">low</text>" in svg
    assert chart["rows"][-1].signal == "Special cause, high: outside the process limits"


# ------------------------------------------------------------------ the dashboard

def test_evaluators_see_fewer_than_5_in_the_dose_table_and_the_clinical_team_the_number(client_for, programme):
    paired(programme, 3)
    summaries.refresh_programme(programme.pk)
    evaluator = client_for(Role.EVALUATOR).get(reverse("outcomes:dashboard")).content.decode()
    nurse = client_for(Role.NURSE).get(reverse("outcomes:dashboard")).content.decode()
    dose_table = evaluator.split("Opioid dose at referral", 1)[1].split("Change in each measure", 1)[0]
    assert "Fewer than 5" in dose_table and "100.00" not in dose_table
    nurse_table = nurse.split("Opioid dose at referral", 1)[1].split("Change in each measure", 1)[0]
    assert "100.00" in nurse_table and "40.00" in nurse_table and "100.0%" in nurse_table
    assert "Monthly measures: statistical process control" in nurse and "XmR chart" in nurse


def page_queries(captured):
    """The page's own queries: the session middleware's touch (once a minute or so) depends on the clock."""
    return [q["sql"] for q in captured if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


def test_the_dashboard_query_count_does_not_grow_with_the_data(client_for, programme, django_assert_max_num_queries):
    nurse = client_for(Role.NURSE)
    paired(programme, 1)
    summaries.refresh_programme(programme.pk)
    with django_assert_max_num_queries(9) as small:
        nurse.get(reverse("outcomes:dashboard"))
    paired(programme, 6, month=(2026, 2))
    for month in range(1, 13):
        Referral.objects.filter(pk=ReferralFactory(programme=programme).pk).update(created_at=at(2025, month))
    summaries.refresh_programme(programme.pk)
    with django_assert_max_num_queries(9) as large:
        page = nurse.get(reverse("outcomes:dashboard") + "?dimension=cohort&period=2026-Q1")
    assert len(page_queries(small.captured_queries)) == len(page_queries(large.captured_queries)) == 5
    assert page.content.count(b"rose-xmr") >= 3


# ------------------------------------------------------------------ the quarterly report

def test_quarterly_report_roles(client_for):
    check_roles(client_for, reverse("outcomes:quarterly_report"), [*CLINICAL, Role.EVALUATOR])


def test_quarterly_report_downloads_a_pdf_and_is_audited_as_an_export(client_for, programme):
    paired(programme, 6)
    summaries.refresh_programme(programme.pk)
    evaluator = client_for(Role.EVALUATOR)
    index = evaluator.get(reverse("outcomes:quarterly_report")).content.decode()
    assert "January to March 2026" in index
    reply = evaluator.get(reverse("outcomes:quarterly_report") + "?quarter=2026-Q1")
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF") and "2026-Q1" in reply["Content-Disposition"]
    audit = AuditEvent.objects.filter(action="export").latest("at")
    assert audit.detail["file"] == "quarterly_report" and audit.detail["quarter"] == "2026-Q1"


def test_quarterly_report_suppresses_small_numbers_for_every_role(programme, make_user):
    """Three patients in 2026-Q1 (too few) and six in 2026-Q2: a nurse's report hides the first quarter's numbers."""
    paired(programme, 3)
    paired(programme, 6, month=(2026, 4))
    summaries.refresh_programme(programme.pk)
    nurse = make_user(role=Role.NURSE, programme=programme)
    small = render_to_string("outcomes/report_quarterly.jinja",
                             report.quarterly_report_context(user=nurse, quarter="2026-Q1"))
    dose = small.split("Opioid dose: whole service", 1)[1].split("Pain, depression", 1)[0]
    assert "Fewer than 5" in dose and "100.00" not in dose
    large = render_to_string("outcomes/report_quarterly.jinja",
                             report.quarterly_report_context(user=nurse, quarter="2026-Q2"))
    dose = large.split("Opioid dose: whole service", 1)[1].split("Pain, depression", 1)[0]
    assert "100.00" in dose and "Fewer than 5" not in dose


def test_quarterly_report_refuses_an_unknown_or_malformed_quarter(client_for, programme):
    paired(programme, 1)
    summaries.refresh_programme(programme.pk)
    client = client_for(Role.EVALUATOR)
    for quarter in ("2019-Q1", "2026-Q5", "x"):
        assert client.get(reverse("outcomes:quarterly_report") + f"?quarter={quarter}").status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
