"""Audit walk cases for group pages (see tests/test_audit_walk.py)."""

from __future__ import annotations

from django.urls import reverse

from rose.accounts.roles import Role
from rose.groups.tests.factories import make_cohort, make_enrolled


def _cohort_page(name):
    def build(make_user):
        user = make_user(Role.NURSE)
        cohort = make_cohort(user.programme)
        make_enrolled(cohort, 1)
        return user, reverse(name, kwargs={"cohort_id": cohort.pk})

    return build


def _place_page(name):
    def build(make_user):
        user = make_user(Role.COORDINATOR)
        cohort = make_cohort(user.programme)
        enrolment = make_enrolled(cohort, 1)[0]
        return user, reverse(name, kwargs={"enrolment_id": enrolment.pk})

    return build


def _register(make_user):
    user = make_user(Role.NURSE)
    cohort = make_cohort(user.programme)
    make_enrolled(cohort, 1)
    return user, reverse("groups:session_register", kwargs={"session_id": cohort.sessions.first().pk})


CASES = {
    "groups:cohort_detail": _cohort_page("groups:cohort_detail"),
    "groups:cohort_print": _cohort_page("groups:cohort_print"),
    "groups:enrolment_respond": _place_page("groups:enrolment_respond"),
    "groups:enrolment_withdraw": _place_page("groups:enrolment_withdraw"),
    "groups:session_register": _register,
}

