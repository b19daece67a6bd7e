"""Helpers for outcome tests: a programme's schedule, an invitation and answered responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rose.outcomes import services
from rose.outcomes.models import Invitation, OutcomeEvent, Response


def event(programme: Any, code: str = "baseline") -> OutcomeEvent:
    return {e.code: e for e in services.schedule_ensure_defaults(programme=programme)}[code]


def invite(patient: Any, code: str = "baseline", anchor: dt.date | None = None, send: bool = True) -> Invitation:
    anchor = anchor or timezone.localdate() + dt.timedelta(days=7)
    return services.invitation_create(patient=patient, event=event(patient.programme, code), anchor_date=anchor,
                                      send=send)


def response(invitation: Invitation, code: str) -> Response:
    return invitation.responses.select_related("instrument").get(instrument__code=code)


def answer(invitation: Invitation, code: str, answers: dict[str, Any], actor: Any = None) -> Response:
    resp = response(invitation, code)
    services.answers_save(response=resp, answers=answers, mode=Response.Mode.PHONE if actor else "patient",
                          actor=actor)
    return services.response_complete(response=resp, actor=actor)
