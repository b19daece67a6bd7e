"""The referrer's question pages, submit, triage decisions, acceptance and notifications."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from rose.accounts.roles import Role
from rose.audit.models import AuditEvent
from rose.patients.models import Consent, Patient
from rose.referrals.models import Referral, ReferralStatus, ReferralStatusChange, WaitlistEntry

pytestmark = pytest.mark.django_db

NHS = "9990000018"

ANSWERS = {
    "patient": {"nhs_number": "999 000 0018", "given_name": "Ada", "family_name": "Lovelace",
                "date_of_birth_day": "10", "date_of_birth_month": "12", "date_of_birth_year": "1955",
                "mobile": "07700 900123", "communication_needs": ""},
    "pain": {"pain_condition": "Chronic low back pain", "pain_duration": "1to5y", "pain_impact": "Cannot work"},
    "opioids": {"product_0": "Morphine 10mg modified-release tablets", "units_0": "3", "times_0": "2",
                "action": "continue"},
    "other-medicines": {"other_medicines": ["gabapentinoid"]},
    "eligibility": {"chronic_pain_3_months": "yes", "opioids_3_months": "yes", "palliative_or_cancer": "no",
                    "addiction_service_needed": "no", "agrees_to_referral": "yes"},
    "risks": {"risk_flags": ["none"]},
    "reason": {"reason": "Wants to reduce", "hopes": "Less drowsy", "consent_texts": "yes"},
}


def _errors(response) -> str:
    import re

    body = response.content.decode()
    start = body.find("There is a problem")
    text = re.sub(r"<[^>]+>", " ", body[start:start + 4000] if start >= 0 else body[-3000:])
    return " ".join(text.split())


def fill_referral(client, answers=ANSWERS) -> Referral:
    response = client.post(reverse("referrals:start"))
    assert response.status_code == 302
    referral = Referral.objects.latest("created_at")
    for step, data in answers.items():
        url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": step})
        response = client.post(url, data)
        assert response.status_code == 302, (step, _errors(response))
    return referral


def submit(client, referral) -> Referral:
    response = client.post(reverse("referrals:check", kwargs={"referral_id": referral.pk}))
    assert response.status_code == 302, _errors(response)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def referrer(client_for):
    return client_for(Role.REFERRER)


def test_referrer_fills_every_page_and_submits_with_a_reference(referrer, programme):
    referral = fill_referral(referrer)
    check = referrer.get(reverse("referrals:check", kwargs={"referral_id": referral.pk}))
    assert check.status_code == 200
    body = check.content.decode()
    assert "60 mg a day" in body and "Opioids Aware" in body  # total OME with its source table
    referral = submit(referrer, referral)
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.reference.startswith("ROSE-") and len(referral.reference) == 14
    assert referral.total_ome_mg == 60 and referral.ome_band == 2
    assert referral.regimen["items"][0]["units_per_dose"] == 3
    assert referral.other_medicines == ["gabapentinoid"] and referral.risk_flags == []
    assert not referral.flag_risk and not referral.flag_ineligible and not referral.flag_duplicate
    done = referrer.get(reverse("referrals:done", kwargs={"referral_id": referral.pk}))
    assert referral.reference in done.content.decode()
    assert ReferralStatusChange.objects.filter(referral=referral, to_status="submitted").count() == 1


def test_opioid_page_shows_ome_per_item_with_factor_and_warnings_without_javascript(referrer):
    referral = fill_referral(referrer, {"patient": ANSWERS["patient"]})
    url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": "opioids"})
    data = {"product_0": "Oxycodone 40mg modified-release tablets", "units_0": "2", "times_0": "2",
            "product_1": "Co-codamol 30mg/500mg tablets", "units_1": "2", "times_1": "4", "as_needed_1": "on",
            "action": "calculate"}
    response = referrer.post(url, data)
    assert response.status_code == 302 and response.url == url
    page = referrer.get(url).content.decode()
    assert "264 mg a day" in page and "1.5" in page  # total and the oxycodone factor
    assert "Faculty of Pain Medicine" in page  # each item's source
    assert "as-needed doses" in page and "Offer naloxone" in page  # the engine's warnings


@pytest.mark.parametrize(("step", "data", "message"), [
    ("patient", {**ANSWERS["patient"], "nhs_number": "999 000 0019"}, "not a valid NHS number"),
    ("patient", {**ANSWERS["patient"], "nhs_number": "QQ 12 34 56 C"}, "National Insurance number"),
    ("patient", {**ANSWERS["patient"], "date_of_birth_year": "2999"}, "today or in the past"),
    ("patient", {**ANSWERS["patient"], "given_name": "A\x00da"}, "special characters"),
    ("opioids", {"product_0": "Unicorn tears 10mg", "units_0": "1", "times_0": "2"}, "not in the formulary"),
    ("opioids", {"product_0": "Morphine 10mg modified-release tablets", "units_0": "1", "times_0": "99"},
     "too high"),
    ("opioids", {"product_0": "Morphine 10mg modified-release tablets", "units_0": "0.5", "times_0": "2"},
     "Medicine 1"),
    ("opioids", {"product_0": "Morphine 10mg modified-release tablets", "units_0": "abc", "times_0": "2"},
     "must be a number"),
    ("opioids", {}, "Add at least one opioid"),
    ("eligibility", {**ANSWERS["eligibility"], "agrees_to_referral": "no"}, "must agree"),
    ("eligibility", {**ANSWERS["eligibility"], "opioids_3_months": "maybe"}, "Select yes or no"),
    ("risks", {"risk_flags": ["none", "overdose"]}, "not both"),
    ("reason", {"reason": "x"}, "Select whether the patient agrees to texts"),
])
def test_bad_answers_get_a_specific_message_and_the_draft_is_kept(referrer, step, data, message):
    referral = fill_referral(referrer, {"patient": ANSWERS["patient"]})
    before = Referral.objects.get(pk=referral.pk)
    url = reverse("referrals:step", kwargs={"referral_id": referral.pk, "step": step})
    response = referrer.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    after = Referral.objects.get(pk=referral.pk)
    assert (after.nhs_number, after.given_name, after.regimen) == (before.nhs_number, before.given_name,
                                                                   before.regimen)


def test_check_page_lists_what_is_missing_and_refuses_to_submit(referrer):
    referral = fill_referral(referrer, {"patient": ANSWERS["patient"]})
    response = referrer.post(reverse("referrals:check", kwargs={"referral_id": referral.pk}))
    assert response.status_code == 200
    assert "Add at least one current opioid" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT and referral.reference is None


def test_ineligible_answers_and_risk_flags_are_highlighted_not_declined(referrer, client_for):
    answers = {**ANSWERS, "eligibility": {**ANSWERS["eligibility"], "palliative_or_cancer": "yes"},
               "risks": {"risk_flags": ["overdose", "suicidal"]}}
    referral = submit(referrer, fill_referral(referrer, answers))
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.flag_ineligible and referral.flag_risk
    nurse = client_for(Role.NURSE, programme=referral.programme)
    page = nurse.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})).content.decode()
    assert "Check eligibility" in page and "Previous overdose" in page and "Risk flags" in page
    queue = nurse.get(reverse("referrals:queue"), {"flag": "risk"}).content.decode()
    assert referral.reference in queue


def test_second_active_referral_for_the_same_nhs_number_is_flagged(referrer, client_for):
    first = submit(referrer, fill_referral(referrer))
    other = client_for(Role.REFERRER)
    second = submit(other, fill_referral(other))
    first.refresh_from_db()
    assert second.flag_duplicate and first.flag_duplicate
    nurse = client_for(Role.NURSE)
    page = nurse.get(reverse("referrals:detail", kwargs={"referral_id": second.pk})).content.decode()
    assert "Second active referral" in page and first.reference in page


def test_coordinator_accepts_patient_created_consents_recorded_waitlisted_referrer_emailed(
        referrer, client_for, django_capture_on_commit_callbacks):
    referral = submit(referrer, fill_referral(referrer))
    coordinator = client_for(Role.COORDINATOR)
    url = reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url, {"action": "accepted", "reason": ""})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decided_at
    patient = Patient.objects.get(nhs_number=NHS, programme=referral.programme)
    assert referral.patient == patient and patient.mobile == "+447700900123"
    assert set(Consent.objects.filter(patient=patient).values_list("kind", "given")) == {("texts", True),
                                                                                         ("contact", True)}
    entry = WaitlistEntry.objects.get(patient=patient)
    assert entry.referral == referral and entry.status == "waiting"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [referrer.user.email]
    assert referral.reference in email.body and "/referrals/status/" in email.body
    for secret in ("Lovelace", "Ada", NHS, "999 000 0018", "back pain", "Morphine"):
        assert secret not in email.body and secret not in email.subject
    status_page = referrer.get(reverse("referrals:status", kwargs={"referral_id": referral.pk})).content.decode()
    assert "Status: Accepted" in status_page
    waitlist = coordinator.get(reverse("referrals:waitlist")).content.decode()
    assert "LOVELACE" in waitlist


def test_accepting_matches_an_existing_patient_never_a_duplicate(referrer, client_for, programme):
    from rose.patients.tests.factories import PatientFactory

    existing = PatientFactory(programme=programme, nhs_number=NHS)
    referral = submit(referrer, fill_referral(referrer))
    coordinator = client_for(Role.COORDINATOR)
    coordinator.post(reverse("referrals:detail", kwargs={"referral_id": referral.pk}), {"action": "accepted"})
    referral.refresh_from_db()
    assert referral.patient == existing
    assert Patient.objects.filter(nhs_number=NHS).count() == 1


def test_more_information_question_and_answer_then_decline_with_reason(referrer, client_for,
                                                                        django_capture_on_commit_callbacks):
    referral = submit(referrer, fill_referral(referrer))
    nurse = client_for(Role.NURSE)
    url = reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    response = nurse.post(url, {"action": "more_info", "reason": ""})
    assert "Enter a reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        nurse.post(url, {"action": "more_info", "reason": "Is the patient on methadone?"})
    status_url = reverse("referrals:status", kwargs={"referral_id": referral.pk})
    page = referrer.get(status_url).content.decode()
    assert "Is the patient on methadone?" in page and "Your answer" in page
    referrer.post(status_url, {"answer": "No"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_REVIEW
    nurse.post(url, {"action": "declined", "reason": "Needs the addiction service"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    rows = list(ReferralStatusChange.objects.filter(referral=referral).values_list("to_status", "reason"))
    assert rows == [("submitted", ""), ("more_info", "Is the patient on methadone?"),
                    ("in_review", "Referrer answered the question"), ("declined", "Needs the addiction service")]
    assert "Needs the addiction service" in referrer.get(status_url).content.decode()
    # a declined referral has no decision form and refuses further changes
    response = nurse.post(url, {"action": "accepted"})
    assert response.status_code == 200 and "Decision" not in response.content.decode().split("Status history")[0]


def test_referrer_of_another_practice_gets_404_everywhere(referrer, client_for):
    draft = fill_referral(referrer, {"patient": ANSWERS["patient"]})
    sent = submit(referrer, fill_referral(referrer))
    stranger = client_for(Role.REFERRER)
    for url in (reverse("referrals:status", kwargs={"referral_id": sent.pk}),
                reverse("referrals:done", kwargs={"referral_id": sent.pk}),
                reverse("referrals:check", kwargs={"referral_id": draft.pk}),
                reverse("referrals:step", kwargs={"referral_id": draft.pk, "step": "patient"})):
        assert stranger.get(url).status_code == 404, url
    assert sent.reference not in stranger.get(reverse("referrals:mine")).content.decode()


def test_team_of_another_programme_gets_404(referrer, client_for, other_programme):
    sent = submit(referrer, fill_referral(referrer))
    outsider = client_for(Role.COORDINATOR, programme=other_programme)
    assert outsider.get(reverse("referrals:detail", kwargs={"referral_id": sent.pk})).status_code == 404
    assert sent.reference not in outsider.get(reverse("referrals:queue")).content.decode()


def test_every_view_of_a_referral_writes_an_audit_row(referrer, client_for):
    sent = submit(referrer, fill_referral(referrer))
    nurse = client_for(Role.NURSE)
    for client, url in ((referrer, reverse("referrals:status", kwargs={"referral_id": sent.pk})),
                        (nurse, reverse("referrals:detail", kwargs={"referral_id": sent.pk}))):
        before = AuditEvent.objects.filter(object_id=str(sent.pk)).count()
        assert client.get(url).status_code == 200
        assert AuditEvent.objects.filter(object_id=str(sent.pk)).count() == before + 1


def test_submitted_draft_cannot_be_edited(referrer):
    sent = submit(referrer, fill_referral(referrer))
    url = reverse("referrals:step", kwargs={"referral_id": sent.pk, "step": "patient"})
    assert referrer.get(url).status_code == 404
    assert referrer.post(url, ANSWERS["patient"]).status_code == 404


def test_referrer_without_a_programme_is_refused_a_draft_not_given_a_server_error():
    """Found while typing referral_draft_create: a referrer with an organisation but no programme passed the
    check, then the insert failed (Referral.programme is required), an IntegrityError (a 500)."""
    from django.core.exceptions import ValidationError

    from rose.accounts.tests.factories import OrganisationFactory, UserFactory
    from rose.referrals import services

    actor = UserFactory(role=Role.REFERRER, programme=None, organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="programme"):
        services.referral_draft_create(actor=actor)
    assert not Referral.objects.exists()
