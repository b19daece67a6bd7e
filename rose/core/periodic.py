"""Periodic jobs run by whichever worker claims them first.

Apps register jobs in AppConfig.ready(): `register("messaging.dispatch", every=timedelta(seconds=5),
func=dispatch_due)`. A job's next run is claimed with a compare-and-swap UPDATE on `next_run_at`,
so across any number of workers and machines each run happens once. A job that raises is logged
and retried at its next interval; it never stops the worker or the other jobs.

Each worker runs every job in its own thread (`start_job_threads`), so a slow job (the hourly
questionnaire scheduling, the summary refresh) never delays another: texts keep going out while it
runs. Any worker may claim any job. `run_due_jobs` runs the due jobs in turn, for tests and scripts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, close_old_connections, connection
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


def run_job_if_due(job: Job, worker_id: str) -> bool:
    """Claim the job's next run and run it; False when another worker has it or it is not due."""
    try:
        if not _claim(job, worker_id):
            return False
        job.func()
        return True
    except Exception:  # a failing job is retried at its next interval
        logger.exception("Periodic job %s failed", job.name)
        return False


def job_loop(job: Job, worker_id: str, stop: threading.Event, every: float) -> None:
    """One job's thread: look for its next run every `every` seconds until told to stop."""
    try:
        while not (stop.is_set() or STOPPING.is_set()):
            close_old_connections()
            run_job_if_due(job, worker_id)
            if stop.wait(every):
                break
    finally:
        connection.close()


def start_job_threads(worker_id: str, stop: threading.Event, *, every: float = 1.0,
                      jobs: list[Job] | None = None) -> list[threading.Thread]:
    """A daemon thread per job (each with its own database connection)."""
    threads = [threading.Thread(target=job_loop, args=(job, worker_id, stop, every), daemon=True,
                                name=f"rose-job-{job.name}")
               for job in (jobs if jobs is not None else list(JOBS.values()))]
    for thread in threads:
        thread.start()
    return threads
