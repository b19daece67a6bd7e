"""The periodic scheduler: which invitations are now due for a batch of patients, set-based, and creating them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q
from django.utils import timezone

from rose.outcomes.models import Invitation, OutcomeEvent
from rose.outcomes.services.anchors import _anchors_many, _id_range
from rose.outcomes.services.events import event_window, schedule_ensure_defaults
from rose.outcomes.services.invitations import invitation_create
from rose.patients.models import Patient, PatientStatus


def invitations_schedule_due(*, today: dt.date | None = None, batch: int = 5000) -> int:
    """Periodic: invite active patients whose event window is open and who have no invitation yet.

    Set-based: patients are read in keyset batches of ids; each batch costs one query for the
    invitations it has, one or two per anchor kind, and work only for the patients now due (each
    due invitation is created and texted as before). Queries per batch do not grow with the data."""
    from rose.accounts.models import Programme

    today = today or timezone.localdate()
    created = 0
    for programme in Programme.objects.all():
        events = schedule_ensure_defaults(programme=programme)
        if not events:
            continue
        patients = Patient.objects.filter(programme=programme, status=PatientStatus.ACTIVE).order_by("pk")
        last = None
        while True:
            page = patients.filter(pk__gt=last) if last is not None else patients
            ids = list(page.values_list("pk", flat=True)[:batch])
            if not ids:
                break
            last = ids[-1]
            created += _schedule_batch(programme.pk, ids, events, today)
    return created


def _schedule_batch(programme_id: uuid.UUID, ids: list[Any], events: list[OutcomeEvent], today: dt.date) -> int:
    due = invitations_due_many(programme_id, ids, events, today)
    if not due:
        return 0
    patients = Patient.objects.in_bulk({patient_id for patient_id, _, _ in due})
    for patient_id, event, anchor in due:
        invitation_create(patient=patients[patient_id], event=event, anchor_date=anchor)
    return len(due)


def invitations_due_many(programme_id: uuid.UUID, ids: list[Any], events: list[OutcomeEvent],
              today: dt.date) -> list[tuple[Any, OutcomeEvent, dt.date]]:
    """(patient id, event, anchor date) for each invitation now due in a batch: one query for the
    invitations the patients have (any baseline counts, even of an event since switched off) and
    one or two per kind of anchor, whatever the number of patients."""
    rows = (Invitation.objects.filter(_id_range(ids), programme_id=programme_id)
            .filter(Q(event__in=events) | Q(event__is_baseline=True))
            .values_list("patient_id", "event_id", "event__is_baseline"))
    done, has_baseline = set(), set()
    for patient_id, event_id, is_baseline in rows:
        done.add((patient_id, event_id))
        if is_baseline:
            has_baseline.add(patient_id)
    anchors = _anchors_many(programme_id, ids, {event.anchor for event in events})
    due: list[tuple[Any, OutcomeEvent, dt.date]] = []
    for patient_id in ids:
        open_now = []
        for event in events:
            anchor = anchors[event.anchor].get(patient_id)
            if anchor is None or (patient_id, event.pk) in done:
                continue
            opens, _, closes = event_window(event=event, anchor_date=anchor)
            if opens <= today <= closes:
                open_now.append((patient_id, event, anchor))
        due.extend(_baselines_pick(open_now, has_baseline=patient_id in has_baseline))
    return due


def _baselines_pick(open_now: list[tuple[Any, OutcomeEvent, dt.date]], *,
                    has_baseline: bool) -> list[tuple[Any, OutcomeEvent, dt.date]]:
    """One baseline per patient, whichever pathway comes first: none when the patient already has
    one, else the open baseline event due soonest (the group course's on a tie: it comes first in
    the schedule). Other events pass through."""
    baselines = [row for row in open_now if row[1].is_baseline]
    others = [row for row in open_now if not row[1].is_baseline]
    if has_baseline or not baselines:
        return others
    first = min(baselines, key=lambda row: (event_window(event=row[1], anchor_date=row[2])[1], row[1].order))
    return [first, *others]
