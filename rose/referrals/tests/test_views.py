"""Role tests for every view, queue filters without personal data, constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rose.accounts.roles import CLINICAL_TEAM, Role
from rose.accounts.tests.factories import OrganisationFactory
from rose.patients.tests.factories import PatientFactory
from rose.referrals.models import ApiToken
from rose.referrals.services import api_token_create
from rose.referrals.tests.factories import ReferralFactory, WaitlistEntryFactory
from tests.roles import check_roles

pytestmark = pytest.mark.django_db
TEAM = [str(role) for role in CLINICAL_TEAM]


def test_roles_for_team_pages(client_for, programme):
    for name in ("referrals:queue", "referrals:waitlist", "referrals:reports"):
        check_roles(client_for, reverse(name), TEAM)
    check_roles(client_for, reverse("referrals:tokens"), [Role.ADMIN])


def test_roles_for_referral_detail(client_for, programme):
    referral = ReferralFactory(programme=programme)
    check_roles(client_for, reverse("referrals:detail", kwargs={"referral_id": referral.pk}), TEAM)


def test_roles_for_referrer_pages(client_for, programme):
    check_roles(client_for, reverse("referrals:mine"), [Role.REFERRER])
    check_roles(client_for, reverse("referrals:start"), [Role.REFERRER], method="post")
    check_roles(client_for, reverse("referrals:start"), [Role.REFERRER])  # the start page


def test_roles_for_a_referrers_own_referral(client_for, make_user, programme):
    """Only referrers of the same organisation reach it; check_roles gives each role its own organisation,
    so a referrer here is of another practice and must get 404."""
    owner = make_user(Role.REFERRER)
    referral = ReferralFactory(programme=programme, referrer_organisation=owner.organisation)
    draft = ReferralFactory(programme=programme, referrer_organisation=owner.organisation, status="draft",
                            reference=None)
    for url in (reverse("referrals:status", kwargs={"referral_id": referral.pk}),
                reverse("referrals:done", kwargs={"referral_id": referral.pk}),
                reverse("referrals:check", kwargs={"referral_id": draft.pk}),
                reverse("referrals:step", kwargs={"referral_id": draft.pk, "step": "pain"})):
        check_roles(client_for, url, [])
        check_roles(client_for, url, [Role.REFERRER], organisation=owner.organisation)


def test_token_revoke_roles(client_for, programme):
    token, _ = api_token_create(organisation=OrganisationFactory(programme=programme), name="x")
    url = reverse("referrals:token_revoke", kwargs={"token_id": token.pk})
    check_roles(client_for, url, [Role.ADMIN], method="post")


def test_admin_creates_and_revokes_a_token_shown_once(client_for, programme):
    admin = client_for(Role.ADMIN)
    organisation = OrganisationFactory(programme=programme)
    response = admin.post(reverse("referrals:tokens"), {"organisation": organisation.pk, "name": "EMIS"})
    token = ApiToken.objects.get()
    body = response.content.decode()
    assert "Copy this token now" in body and token.prefix in body
    assert admin.post(reverse("referrals:tokens"), {"organisation": "nope", "name": ""}).status_code == 200
    admin.post(reverse("referrals:token_revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None


def _make_referrals(programme, count):
    practice = OrganisationFactory(programme=programme)
    now = timezone.now()
    for n in range(count):
        ReferralFactory(programme=programme, referrer_organisation=practice, flag_risk=n % 2 == 0,
                        submitted_at=now - dt.timedelta(days=n))


@pytest.mark.parametrize("count", [3, 30])
def test_queue_runs_a_constant_number_of_queries(client_for, programme, count, django_assert_max_num_queries):
    _make_referrals(programme, count)
    nurse = client_for(Role.NURSE)
    with django_assert_max_num_queries(14):
        response = nurse.get(reverse("referrals:queue"), {"status": "open", "flag": "risk", "band": "2",
                                                          "waiting": "7", "sort": "oldest"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_waitlist_and_mine_run_a_constant_number_of_queries(client_for, make_user, programme, count,
                                                            django_assert_max_num_queries):
    referrer = client_for(Role.REFERRER)
    for _ in range(count):
        ReferralFactory(programme=programme, referrer_organisation=referrer.user.organisation)
        WaitlistEntryFactory(patient=PatientFactory(programme=programme))
    nurse = client_for(Role.NURSE)
    with django_assert_max_num_queries(12):
        assert nurse.get(reverse("referrals:waitlist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert referrer.get(reverse("referrals:mine")).status_code == 200
    with django_assert_max_num_queries(20):
        assert nurse.get(reverse("referrals:reports")).status_code == 200


def test_queue_filters_and_sorting(client_for, programme):
    practice = OrganisationFactory(programme=programme)
    now = timezone.now()
    old = ReferralFactory(programme=programme, referrer_organisation=practice, submitted_at=now - dt.timedelta(days=30),
                          ome_band=3, flag_risk=True)
    new = ReferralFactory(programme=programme, submitted_at=now, ome_band=1)
    declined = ReferralFactory(programme=programme, status="declined")
    nurse = client_for(Role.NURSE)
    url = reverse("referrals:queue")

    def refs(**params):
        body = nurse.get(url, params).content.decode()
        return [r.reference for r in (old, new, declined) if r.reference in body]

    assert refs() == [old.reference, new.reference]
    assert refs(status="declined") == [declined.reference]
    assert refs(practice=str(practice.pk)) == [old.reference]
    assert refs(waiting="14") == [old.reference]
    assert refs(band="3") == [old.reference]
    assert refs(flag="risk") == [old.reference]
    body = nurse.get(url, {"sort": "newest"}).content.decode()
    assert body.index(new.reference) < body.index(old.reference)
    assert nurse.get(url, {"band": "x", "waiting": "<script>", "status": "nope"}).status_code == 200


def test_reports_show_counts_rate_and_time_to_decision(client_for, programme):
    now = timezone.now()
    ReferralFactory(programme=programme, status="accepted", submitted_at=now - dt.timedelta(days=4), decided_at=now)
    ReferralFactory(programme=programme, status="declined", submitted_at=now - dt.timedelta(days=2), decided_at=now)
    ReferralFactory(programme=programme, source="fhir")
    body = client_for(Role.COORDINATOR).get(reverse("referrals:reports")).content.decode()
    assert "50% of decided referrals" in body and "3.0 days" in body
    assert "Not available" in body  # time to first appointment: no provider registered


def test_the_start_page_says_what_the_form_asks_and_makes_no_draft(client_for):
    from rose.referrals.models import Referral

    referrer = client_for(Role.REFERRER)
    page = referrer.get(reverse("referrals:start")).content.decode()
    assert "Refer a patient to ROSE" in page and "Start a new referral" in page and 'method="post"' in page
    assert not Referral.objects.exists()
