"""`manage.py reschedule_texts [--programme SLUG] [--batch 500]`: queue every active plan's texts again.

Run after a change that alters texts already queued: a programme turning medicine names in texts on
or off (`Programme.sms_drug_names`), or new quiet hours. Each plan's queued step-change texts and
weekly check-ins are cancelled and made again from its approved version, in batches of plans that
each cost a constant number of queries (`nudges_schedule_many`, docs/benchmarks.md: about 3 ms a
plan). Paused, stopped and draft plans get nothing; consent, discharge and quiet hours are applied
as for an approval. Safe to run twice: the second run replaces the first run's texts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rose.accounts.models import Programme
from rose.plans.models import Plan, PlanStatus
from rose.plans.services.lifecycle import nudges_schedule_many


class Command(BaseCommand):
    help = "Queue every active plan's step-change texts and check-ins again (after a programme's text settings change)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--programme", help="Slug of one programme (default: every programme)")
        parser.add_argument("--batch", type=int, default=500, help="Plans a transaction (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be 1 or more")
        plans = Plan.objects.filter(status=PlanStatus.ACTIVE, approved_version__isnull=False)
        if options["programme"]:
            programme = Programme.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme with slug {options['programme']!r}")
            plans = plans.filter(programme=programme)
        plans = plans.select_related("approved_version", "patient__programme").order_by("pk")
        done = queued = 0
        last = None
        while True:
            page = list((plans.filter(pk__gt=last) if last is not None else plans)[: options["batch"]])
            if not page:
                break
            last = page[-1].pk
            queued += nudges_schedule_many(plans=page)
            done += len(page)
        self.stdout.write(f"{done} active plans: {queued} texts queued")
