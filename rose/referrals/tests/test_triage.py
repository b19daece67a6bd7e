"""The triage queue: days waiting, search by NHS number or name (POST, never in the address), the
decision after the referral and its risks, and one email to the referrer per meaningful change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from rose.accounts.roles import CLINICAL_TEAM, Role
from rose.accounts.tests.factories import OrganisationFactory
from rose.audit.models import AuditEvent
from rose.referrals import services
from rose.referrals.models import ReferralStatus
from rose.referrals.tests.factories import ReferralFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
TEAM = [str(role) for role in CLINICAL_TEAM]
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)


def test_the_queue_shows_how_many_days_each_referral_has_waited(client_for, programme):
    with time_machine.travel(NOW, tick=False):
        old = ReferralFactory(programme=programme, submitted_at=NOW - dt.timedelta(days=12))
        ReferralFactory(programme=programme, submitted_at=NOW - dt.timedelta(days=1))
        html = client_for(Role.NURSE).get(reverse("referrals:queue")).content.decode()
    assert "Days waiting" in html
    assert "12 days" in html and "1 day<" in html
    assert f'href="{reverse("referrals:detail", kwargs={"referral_id": old.pk})}"' in html  # each row links its page


def test_search_by_nhs_number_with_spaces_or_by_name_finds_only_matching_referrals(client_for, programme):
    ada = ReferralFactory(programme=programme, given_name="Ada", family_name="Lovelace", status="declined")
    other = ReferralFactory(programme=programme, given_name="Grace", family_name="Hopper")
    elsewhere = ReferralFactory(given_name="Ada", family_name="Lovelace")  # another programme
    nurse = client_for(Role.NURSE)
    url = reverse("referrals:queue")
    spaced = f"{ada.nhs_number[:3]} {ada.nhs_number[3:6]} {ada.nhs_number[6:]}"
    for query in (spaced, "lovelace", "ada love", "Lovelace, Ada"):
        html = nurse.post(url, {"q": query}).content.decode()
        assert ada.reference in html, query
        assert other.reference not in html and elsewhere.reference not in html, query
    assert other.reference in nurse.post(url, {"q": "hop"}).content.decode()


def test_the_search_is_never_in_the_address_or_the_audit_log(client_for, programme):
    ReferralFactory(programme=programme, family_name="Lovelace")
    nurse = client_for(Role.NURSE)
    html = nurse.get(reverse("referrals:queue")).content.decode()
    assert 'method="post" action="/referrals/"' in html
    nurse.post(reverse("referrals:queue"), {"q": "Lovelace"})
    event = AuditEvent.objects.filter(actor=nurse.user).latest("at")
    assert "Lovelace" not in str(event.detail) and event.detail["search"] is True


def test_a_bad_search_gets_an_error_that_keeps_what_was_typed(client_for, programme):
    nurse = client_for(Role.NURSE)
    response = nurse.post(reverse("referrals:queue"), {"q": "12345"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "An NHS number has 10 digits" in html and 'value="12345"' in html
    empty = nurse.post(reverse("referrals:queue"), {"q": ""})
    assert empty.status_code == 400 and "Enter an NHS number or a name" in empty.content.decode()


def test_only_the_clinical_team_can_search(client_for, programme):
    check_roles(client_for, reverse("referrals:queue"), TEAM, method="post", data={"q": "Lovelace"})


@pytest.mark.parametrize("count", [3, 30])
def test_search_runs_a_constant_number_of_queries(client_for, programme, count, django_assert_max_num_queries):
    practice = OrganisationFactory(programme=programme)
    for _ in range(count):
        ReferralFactory(programme=programme, referrer_organisation=practice, family_name="Smith")
    nurse = client_for(Role.NURSE)
    with django_assert_max_num_queries(14):
        response = nurse.post(reverse("referrals:queue"), {"q": "smith"})
    assert response.status_code == 200 and response.content.decode().count("SMITH") == count


def test_the_decision_comes_after_the_referral_summary_and_its_risk_flags(client_for, programme):
    referral = ReferralFactory(programme=programme, risk_flags=["overdose"], flag_risk=True)
    html = client_for(Role.COORDINATOR).get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})) \
        .content.decode()
    assert html.index("<h2>Risks</h2>") < html.index('<h2 id="decision">Decision</h2>')
    assert html.index("<h2>Medicines</h2>") < html.index('<h2 id="decision">Decision</h2>')


def test_the_referrer_gets_one_email_per_meaningful_change_saying_what_changed(
        client_for, make_user, programme, django_capture_on_commit_callbacks):
    referrer = make_user(Role.REFERRER)
    coordinator = make_user(Role.COORDINATOR)
    referral = ReferralFactory(programme=programme, referrer=referrer, referrer_organisation=referrer.organisation)
    mail.outbox.clear()

    def change(status, actor, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            if status == ReferralStatus.ACCEPTED:
                services.referral_accept(referral=referral, actor=actor, reason=reason)
            elif status == "answer":
                services.referral_answer(referral=referral, actor=actor, answer="Yes, since 2019")
            else:
                services.referral_set_status(referral=referral, status=status, actor=actor, reason=reason)
        referral.refresh_from_db()

    change(ReferralStatus.IN_REVIEW, coordinator)
    change(ReferralStatus.MORE_INFO, coordinator, "How long has the patient taken morphine?")
    change("answer", referrer)  # back to review because of the referrer's own answer: no email
    change(ReferralStatus.ACCEPTED, coordinator)
    subjects = [email.subject for email in mail.outbox]
    assert subjects == [f"ROSE referral {referral.reference}: being reviewed",
                        f"ROSE referral {referral.reference}: question from the ROSE team",
                        f"ROSE referral {referral.reference}: accepted"]
    assert all(email.to == [referrer.email] for email in mail.outbox)
    question = mail.outbox[1].body
    assert "Sign in to read the question" in question
    assert "morphine" not in question.lower() and referral.family_name not in question  # no free text, no names


def test_a_referrer_withdrawing_their_own_referral_is_not_emailed_about_it(
        make_user, programme, django_capture_on_commit_callbacks):
    referrer = make_user(Role.REFERRER)
    referral = ReferralFactory(programme=programme, referrer=referrer, referrer_organisation=referrer.organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_set_status(referral=referral, status=ReferralStatus.WITHDRAWN, actor=referrer,
                                     reason="Patient moved away")
    assert mail.outbox == []
    assert referral.status_changes.filter(to_status=ReferralStatus.WITHDRAWN).exists()
