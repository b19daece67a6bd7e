"""A ROSE background worker: django-tasks-db's worker plus heartbeats and periodic jobs.

Run as many as you need, on as many machines as you need:
    python manage.py rose_worker --no-reload
Each worker runs queued tasks (django-tasks-db), a side thread that writes a heartbeat row every
15 seconds, and one thread per periodic job (rose.core.periodic), so a slow job never delays the
text sender. SIGTERM lets the current task finish; the job threads are told to stop
(`periodic.STOPPING`): a job in hand finishes
the call in flight and gives back the rest of its work at once (the text sender releases the rest of
its claimed batch), and the process waits for that (up to STOP_WAIT_SECONDS) before it exits.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from rose.core.models import WorkerHeartbeat
from rose.core.periodic import STOPPING, start_job_threads

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15.0
PERIODIC_SECONDS = 1.0
STOP_WAIT_SECONDS = 30.0


def beat(worker_id: str, started: Any) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id[:64],
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started,
                  "last_beat_at": timezone.now()},
    )


def side_loop(worker_id: str, stop: threading.Event) -> None:
    started = timezone.now()
    since_beat = HEARTBEAT_SECONDS
    while not stop.wait(PERIODIC_SECONDS):
        try:
            close_old_connections()
            since_beat += PERIODIC_SECONDS
            if since_beat >= HEARTBEAT_SECONDS:
                beat(worker_id, started)
                since_beat = 0.0
        except Exception:  # a database blip must not kill the side thread
            logger.exception("Worker side loop failed; retrying")
    connection.close()


class Command(DbWorkerCommand):
    help = "Run a ROSE background worker (tasks, heartbeats and periodic jobs)"

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=side_loop, args=(options["worker_id"], stop), daemon=True,
                                  name="rose-side-loop")
        thread.start()
        threads = [thread, *start_job_threads(options["worker_id"], stop, every=PERIODIC_SECONDS)]
        try:
            super().handle(*args, **options)
        finally:
            STOPPING.set()
            stop.set()
            deadline = time.monotonic() + STOP_WAIT_SECONDS
            for each in threads:
                each.join(max(0.0, deadline - time.monotonic()))
