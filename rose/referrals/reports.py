"""The reports page: referrals per month by source and practice, acceptance rate, time to decision.

Time to first appointment needs appointments, which belong to the plans app above this one: it comes
from the `rose.referrals.hooks.first_appointment_stats` hook. Until a function is registered there the
report says it is not available."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from rose.referrals import hooks, selectors
from rose.referrals.models import ReferralSource, ReferralStatus

if TYPE_CHECKING:
    from rose.accounts.models import User


def referral_report(*, user: User, months: int = 12) -> dict[str, Any]:
    since = (timezone.now() - dt.timedelta(days=31 * months)).replace(day=1, hour=0, minute=0, second=0,
                                                                     microsecond=0)
    stats = selectors.referral_stats(user=user, since=since)
    sources = [s.value for s in ReferralSource]
    by_month: dict[Any, dict[str, int]] = defaultdict(lambda: {s: 0 for s in sources})
    for row in stats["by_month_source"]:
        by_month[row["month"]][row["source"]] = row["n"]
    months_rows = [{"month": month, **counts, "total": sum(counts.values())}
                   for month, counts in sorted(by_month.items(), key=lambda item: item[0] or since)]
    practice_rows = [{"month": row["month"], "practice": row["gp_practice__name"] or "Not recorded",
                      "ods": row["gp_practice__ods_code"] or "", "n": row["n"]}
                     for row in stats["by_month_practice"]]
    counts = stats["status_counts"]
    accepted, declined = counts.get(ReferralStatus.ACCEPTED, 0), counts.get(ReferralStatus.DECLINED, 0)
    decided = accepted + declined
    first_appointment = hooks.first_appointment_stats.first(user=user)
    return {
        "since": since, "months": months_rows, "practices": practice_rows, "sources": ReferralSource.choices,
        "status_counts": [(s.label, counts.get(s.value, 0)) for s in ReferralStatus if s != ReferralStatus.DRAFT],
        "accepted": accepted, "declined": declined,
        "acceptance_rate": round(100 * accepted / decided) if decided else None,
        "avg_decision_days": round(stats["avg_decision"].total_seconds() / 86400, 1)
        if stats["avg_decision"] is not None else None,
        "first_appointment": first_appointment,
    }
