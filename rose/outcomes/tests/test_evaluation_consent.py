"""Issue 12, item 4: a patient who declined evaluation (or was never asked) was exported and counted.

Exports and the outcomes dashboard now take only patients whose latest evaluation consent is "given";
the export page, each file's header and the audit row say how many patients were left out."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.outcomes import services, summaries
from rose.outcomes.exports import study_id
from rose.outcomes.models import DashboardCell
from rose.outcomes.tests.factories import answer, invite
from rose.patients.services import consent_record
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def with_outcomes(patient, peg_before=8, peg_after=5):
    base, follow = invite(patient, "baseline", send=False), invite(patient, "month_3", send=False)
    answer(base, "peg", {"p": peg_before, "e": peg_before, "g": peg_before})
    answer(follow, "peg", {"p": peg_after, "e": peg_after, "g": peg_after})
    services.dose_snapshot_record(patient=patient, event=base.event, ome_mg=Decimal(100), source="test")
    return patient


@pytest.fixture
def three_patients(programme):
    agreed = with_outcomes(PatientFactory(programme=programme))
    consent_record(patient=agreed, kind="evaluation", given=True, source="referral")
    declined = with_outcomes(PatientFactory(programme=programme))
    consent_record(patient=declined, kind="evaluation", given=False, source="referral")
    withdrew = with_outcomes(PatientFactory(programme=programme))
    consent_record(patient=withdrew, kind="evaluation", given=True, source="referral")
    consent_record(patient=withdrew, kind="evaluation", given=False, source="staff")  # the latest answer counts
    never_asked = with_outcomes(PatientFactory(programme=programme))
    return agreed, declined, withdrew, never_asked


def _download(client, name):
    reply = client.get(reverse("outcomes:export_file", kwargs={"filename": name}))
    assert reply.status_code == 200
    return reply, b"".join(reply.streaming_content).decode()


def test_exports_hold_only_patients_who_consented_and_say_how_many_were_left_out(client_for, three_patients):
    agreed, *_ = three_patients
    evaluator = client_for(Role.EVALUATOR)
    for name in ("responses.csv", "answers.csv", "doses.csv"):
        reply, body = _download(evaluator, name)
        ids = {row["study_id"] for row in csv.DictReader(io.StringIO(body))}
        assert ids == {study_id(agreed.pk)}, name
        assert reply["X-ROSE-Left-Out-No-Evaluation-Consent"] == "3"
    event = AuditEvent.objects.filter(action="export", actor=evaluator.user).first()
    assert event.detail["left_out_no_consent"] == 3
    page = evaluator.get(reverse("outcomes:export_index")).content.decode()
    assert "3 patients were left out because they did not agree or have not been asked" in page


def test_the_dashboard_counts_only_patients_who_consented(programme, three_patients):
    summaries.refresh_programme(programme.pk)
    cell = DashboardCell.objects.get(programme=programme, dimension="all", period="all", section="outcome",
                                     metric="peg:month_3")
    assert cell.n == 1


def test_a_consent_given_later_brings_the_patient_in(client_for, programme, three_patients):
    _, declined, *_ = three_patients
    consent_record(patient=declined, kind="evaluation", given=True, source="patient")
    evaluator = client_for(Role.EVALUATOR)
    reply, body = _download(evaluator, "responses.csv")
    assert study_id(declined.pk) in body and reply["X-ROSE-Left-Out-No-Evaluation-Consent"] == "2"
    summaries.refresh_programme(programme.pk)
    assert DashboardCell.objects.get(programme=programme, dimension="all", period="all", section="outcome",
                                     metric="peg:month_3").n == 2
