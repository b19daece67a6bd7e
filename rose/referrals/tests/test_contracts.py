"""The cross-app contracts other apps build on (docs/app-interfaces.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rose.accounts.roles import Role
from rose.patients.tests.factories import PatientFactory
from rose.referrals.models import WaitlistStatusChange
from rose.referrals.selectors import latest_referral_for_patient, waitlist_for_user
from rose.referrals.services import waitlist_set_status
from rose.referrals.tests.factories import ReferralFactory, WaitlistEntryFactory

pytestmark = pytest.mark.django_db


def test_waitlist_for_user_is_scoped_and_oldest_first(make_user, programme, other_programme):
    nurse = make_user(Role.NURSE)
    now = timezone.now()
    newer = WaitlistEntryFactory(patient=PatientFactory(programme=programme), added_at=now)
    older = WaitlistEntryFactory(patient=PatientFactory(programme=programme), added_at=now - dt.timedelta(days=3))
    WaitlistEntryFactory(patient=PatientFactory(programme=other_programme))
    assert list(waitlist_for_user(user=nurse)) == [older, newer]
    assert not waitlist_for_user(user=make_user(Role.REFERRER)).exists()


def test_waitlist_set_status_writes_immutable_rows(make_user, programme):
    nurse = make_user(Role.NURSE)
    entry = WaitlistEntryFactory(patient=PatientFactory(programme=programme))
    entry = waitlist_set_status(entry=entry, status="offered", actor=nurse, reason="Course place")
    assert entry.status == "offered"
    row = WaitlistStatusChange.objects.get(entry=entry)
    assert (row.from_status, row.to_status, row.actor, row.reason) == ("waiting", "offered", nurse, "Course place")
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    with pytest.raises(ValueError):
        waitlist_set_status(entry=entry, status="unknown")


def test_waitlist_set_status_refuses_an_impossible_move(programme):
    entry = WaitlistEntryFactory(patient=PatientFactory(programme=programme), status="removed")
    with pytest.raises(ValidationError):
        waitlist_set_status(entry=entry, status="offered")


def test_latest_referral_for_patient(programme):
    patient = PatientFactory(programme=programme)
    assert latest_referral_for_patient(patient=patient) is None
    ReferralFactory(programme=programme, patient=patient, submitted_at=timezone.now() - dt.timedelta(days=9))
    latest = ReferralFactory(programme=programme, patient=patient)
    assert latest_referral_for_patient(patient=patient) == latest


def test_demo_hook_adds_referrals_one_accepted(make_user, programme):
    import io
    import random

    from rose.referrals.demo import add_demo_referrals, synth_referrals
    from rose.referrals.models import Referral

    staff = {"referrer": make_user(Role.REFERRER), "coordinator": make_user(Role.COORDINATOR)}
    out = io.StringIO()
    add_demo_referrals(programme, staff, [], out)
    assert Referral.objects.filter(status="accepted").count() == 1
    assert Referral.objects.filter(status="submitted").count() == 2
    assert synth_referrals(programme, random.Random(1), out, count=30) == 30
