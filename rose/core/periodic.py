"""Periodic jobs run by whichever worker claims them first.

Apps register jobs in AppConfig.ready(): `register("messaging.dispatch", every=timedelta(seconds=5),
func=dispatch_due)`. Each worker loop calls `run_due_jobs`; a job's next run is claimed with a
compare-and-swap UPDATE on `next_run_at`, so across any number of workers and machines each
run happens once. A job that raises is logged and retried at its next interval; it never
stops the worker or the other jobs.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone

from rose.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    func: Callable[[], object]


JOBS: dict[str, Job] = {}
# Set when the worker is told to stop (SIGTERM): long jobs finish the step in hand, give back the
# rest of their work at once (messaging releases its claimed texts) and return.
STOPPING = threading.Event()


def register(name: str, *, every: dt.timedelta, func: Callable[[], object]) -> None:
    JOBS[name] = Job(name=name, every=every, func=func)


def _claim(job: Job, worker_id: str) -> bool:
    now = timezone.now()
    row = PeriodicJob.objects.filter(name=job.name).first()
    if row is None:
        try:
            PeriodicJob.objects.create(name=job.name, next_run_at=now + job.every, last_started_at=now,
                                       last_worker_id=worker_id)
            return True
        except IntegrityError:  # another worker created it first
            return False
    if row.next_run_at > now:
        return False
    claimed = PeriodicJob.objects.filter(name=job.name, next_run_at=row.next_run_at).update(
        next_run_at=now + job.every, last_started_at=now, last_worker_id=worker_id)
    return claimed == 1


def run_due_jobs(worker_id: str) -> int:
    ran = 0
    for job in list(JOBS.values()):
        if STOPPING.is_set():
            break
        try:
            if not _claim(job, worker_id):
                continue
            job.func()
            ran += 1
        except Exception:  # one failing job must not stop the others
            logger.exception("Periodic job %s failed", job.name)
    return ran
