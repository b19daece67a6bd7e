"""Audit walk cases for messaging pages (see tests/test_audit_walk.py)."""

import uuid

from django.urls import reverse

from rose.accounts.roles import Role
from rose.messaging.inbound import inbound_receive
from rose.messaging.tests.factories import texting_patient


def _with_reply(make_user):
    user = make_user(Role.NURSE)
    patient = texting_patient(user.programme)
    inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number=patient.mobile, body="Hello")
    return user, patient


def _inbox(make_user):
    user, _ = _with_reply(make_user)
    return user, reverse("messaging:inbox")


def _patient_page(name):
    def build(make_user):
        user, patient = _with_reply(make_user)
        return user, reverse(name, kwargs={"patient_id": patient.pk})

    return build


def _list(name):
    def build(make_user):
        user, _ = _with_reply(make_user)
        inbound_receive(provider="simulator", provider_id=str(uuid.uuid4()), from_number="+447700900777", body="Hi")
        return user, reverse(name)

    return build


def _worklist(make_user):
    user, _ = _with_reply(make_user)
    return user, reverse("messaging:worklist")


CASES = {
    "messaging:inbox": _inbox,
    "messaging:worklist": _worklist,
    "messaging:conversation": _patient_page("messaging:conversation"),
    "messaging:unmatched": _list("messaging:unmatched"),
    "messaging:failed": _list("messaging:failed"),
    "messaging:phone": _list("messaging:phone"),
    "messaging:phone_patient": _patient_page("messaging:phone_patient"),
}
