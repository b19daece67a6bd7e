"""On PostgreSQL the CSV exports come from COPY ... TO STDOUT; the bytes must be those of the
portable path (csv.writer over a server-side cursor) for the same rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from rose.accounts.roles import Role
from rose.outcomes import exports, services
from rose.outcomes.exports import study_id
from rose.outcomes.models import Response
from rose.outcomes.tests.factories import answer, invite, response
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="COPY is PostgreSQL's")]


def _data(programme):
    patients = []
    for n in range(4):
        patient = PatientFactory(programme=programme)
        consent_record(patient=patient, kind="evaluation", given=n != 3, source="referral")  # the 4th declined
        patients.append(patient)
        base = invite(patient, "baseline", send=False)
        answer(base, "peg", {"p": 3 + n, "e": 4, "g": 5})
        later = invite(patient, "month_3", anchor=dt.date(2026, 1, 31), send=False)
        services.answers_save(response=response(later, "phq9"), answers={"q1": 1}, mode="patient")  # partial
    # Text that CSV must quote, an empty note and a late-evening time (the month is the local one)
    first = Response.objects.filter(completed_at__isnull=False, patient=patients[0]).first()
    Response.objects.filter(pk=first.pk).update(score_note='Prorated, "2 of 3" items', score_band="Mild\nband",
                                                completed_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC))
    return patients


def test_copy_gives_the_same_bytes_as_the_portable_path(programme, make_user):
    declined = _data(programme)[3]
    user = make_user(Role.EVALUATOR)
    for func in (exports.responses_csv, exports.answers_csv):
        portable = "".join(func(user=user, copy=False))
        copied = "".join(func(user=user, copy=True))
        assert portable.count("\n") > 3 and study_id(declined.pk) not in portable
        assert copied == portable, func.__name__
    assert connection.vendor == "postgresql"
    assert ',"Prorated, ""2 of 3"" items"' in "".join(exports.responses_csv(user=user))
    assert ",2026-07," in "".join(exports.responses_csv(user=user))  # 23:30 UTC on 30 June is July in London

