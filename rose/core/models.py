"""Shared base model and the worker bookkeeping that every app relies on."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models


class BaseModel(models.Model):
    """UUID primary key (never guessable or sequential) and created/updated times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnly(models.Model):
    """History rows (status changes, versions, approvals, events): written once, never changed or
    deleted. Mixed in before the model's base, for example `class X(AppendOnly, BaseModel)`."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} rows are immutable")


class WorkerHeartbeat(models.Model):
    """One row per running worker process; the health page reads the newest beats."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class PeriodicJob(models.Model):
    """Due time for each periodic job. Workers claim a run with a compare-and-swap on
    `next_run_at`, so with many workers on many machines each run happens once."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_worker_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name
