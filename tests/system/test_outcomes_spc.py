"""Issue 15 item 5: the evaluation dashboard's XmR charts and the quarterly reports page, checked with axe,
at a 640-pixel-wide viewport (what a 1280-pixel screen shows at 200% zoom)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.roles import Role
from rose.outcomes import summaries
from rose.outcomes.tests.test_dashboard_spc import at, paired
from rose.referrals.models import Referral
from rose.referrals.tests.factories import ReferralFactory
from tests.system.conftest import assert_accessible
from tests.system.test_platform_journeys import sign_in, totp_now

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_an_evaluator_reads_the_xmr_charts_and_finds_the_quarterly_report(page, live_server, make_user, programme):
    # Given referrals over eight months (a jump in the last one) and six patients with doses in January 2026
    for month, count in ((1, 5), (2, 5), (3, 5), (4, 5), (5, 5), (6, 5), (7, 5), (8, 12)):
        for _ in range(count):
            Referral.objects.filter(pk=ReferralFactory(programme=programme).pk).update(created_at=at(2025, month))
    paired(programme, 6)
    summaries.refresh_programme(programme.pk)
    evaluator = make_user(Role.EVALUATOR)
    device = TOTPDevice.objects.create(user=evaluator, name="app", confirmed=True)
    page.set_viewport_size({"width": 640, "height": 900})
    # When the evaluator opens the dashboard
    sign_in(page, live_server, evaluator)
    page.get_by_label("Security code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/outcomes/")
    # Then each chart is an image named by its title, with its numbers and signals in a table
    page.get_by_role("img", name="New referrals received each month: XmR chart").wait_for()
    page.get_by_role("cell", name="Special cause, high: outside the process limits").wait_for()
    assert_accessible(page)
    # And the quarterly reports page lists the quarter to download
    page.get_by_role("link", name="Quarterly reports for commissioners (PDF)").click()
    page.get_by_role("link", name="Download the report for January to March 2026 (PDF)").wait_for()
    assert_accessible(page)
