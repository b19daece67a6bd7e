"""Scheduling in bulk (issue 16 item 10): one consent query for many patients, and on PostgreSQL the
rows written by COPY are the rows `bulk_create` writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from rose.messaging.bulk import rows_insert
from rose.messaging.models import MessageEvent, OutboundMessage
from rose.messaging.services import messages_schedule_many, patients_can_text
from rose.messaging.tests.factories import texting_patient
from rose.patients.models import PatientStatus
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_who_may_be_texted_is_answered_for_many_patients_in_one_query(programme, django_assert_num_queries):
    may = texting_patient(programme)
    withdrawn = texting_patient(programme)
    consent_record(patient=withdrawn, kind="texts", given=False, source="text")
    given_again = texting_patient(programme)
    consent_record(patient=given_again, kind="texts", given=False, source="text")
    consent_record(patient=given_again, kind="texts", given=True, source="staff")
    never = PatientFactory(programme=programme)
    no_mobile = texting_patient(programme, mobile="")
    deceased = texting_patient(programme)
    deceased.status = PatientStatus.DECEASED
    deceased.save()
    with django_assert_num_queries(1):
        allowed = patients_can_text(patients=[may, withdrawn, given_again, never, no_mobile, deceased])
    assert allowed == {may.pk, given_again.pk}


def test_a_batch_skips_patients_who_may_not_be_texted_and_audits_each_patient_once(programme):
    from rose.audit.models import AuditEvent

    may, withdrawn = texting_patient(programme), texting_patient(programme)
    consent_record(patient=withdrawn, kind="texts", given=False, source="text")
    soon = timezone.now() + dt.timedelta(days=1)
    texts = [{"purpose": "checkin", "body": f"Week {n}", "due_at": soon + dt.timedelta(weeks=n)} for n in range(3)]
    assert messages_schedule_many(batches=[(may, texts), (withdrawn, texts)]) == 3
    assert set(OutboundMessage.objects.values_list("patient_id", flat=True)) == {may.pk}
    audit = AuditEvent.objects.get(action="create", object_type="messaging.OutboundMessage")
    assert audit.patient_id == may.pk and audit.detail["texts_queued"] == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_rows_written_by_copy_are_the_rows_bulk_create_writes(programme):
    from rose.messaging.services import _message_values

    patient = texting_patient(programme)
    now = timezone.now()
    due = now + dt.timedelta(days=2)
    rows = {}
    for copy in (True, False):
        row = _message_values(patient=patient, purpose="checkin_dose", body="Did you take them? Reply YES or NO",
                              now=now, due_at=due, related=patient)
        rows[copy] = row["id"]
        rows_insert(OutboundMessage, rows=[row], copy=copy)
        rows_insert(MessageEvent, common={"at": now, "to_status": "queued"}, copy=copy,
                    rows=[{"detail": "Scheduled", "message_id": row["id"], "actor_id": None}])
    by_copy, by_orm = (OutboundMessage.objects.get(pk=rows[copy]) for copy in (True, False))
    skip = ["id", "created_at", "updated_at"]
    assert model_to_dict(by_copy, exclude=skip) == model_to_dict(by_orm, exclude=skip)
    assert abs(by_copy.created_at - by_orm.created_at) < dt.timedelta(minutes=1)
    events = [model_to_dict(m.events.get(), exclude=["id", "message"]) for m in (by_copy, by_orm)]
    assert events[0] == events[1]


def test_why_not_textable_gives_the_reason_message_can_text_refuses_for(programme):
    from rose.messaging.services import message_can_text, why_not_textable
    from rose.messaging.tests.factories import texting_patient
    from rose.patients.models import PatientStatus
    from rose.patients.services import consent_record
    from rose.patients.tests.factories import PatientFactory

    ok = texting_patient(programme)
    no_mobile = texting_patient(programme, mobile="")
    no_consent = PatientFactory(programme=programme)
    withdrawn = texting_patient(programme)
    consent_record(patient=withdrawn, kind="texts", given=False, source="staff")
    discharged = texting_patient(programme, status=PatientStatus.DISCHARGED)
    died = texting_patient(programme, status=PatientStatus.DECEASED)
    expected = {ok: "", no_mobile: "no_mobile", no_consent: "no_consent", withdrawn: "no_consent",
                discharged: "discharged", died: "died"}
    for patient, reason in expected.items():
        assert why_not_textable(patient=patient) == reason
        assert message_can_text(patient=patient) == (reason == "")
