from __future__ import annotations

import io

import pytest

from rose.accounts.roles import Role
from rose.core import hooks
from rose.messaging.demo import add_demo_messages
from rose.messaging.models import InboundMessage, OutboundMessage, ReplyTemplate
from rose.patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_demo_hook_is_registered_and_adds_texts(programme, make_user):
    assert add_demo_messages in hooks.demo_data.registered()
    staff = {"nurse": make_user(Role.NURSE)}
    patients = [PatientFactory(programme=programme) for _ in range(3)]
    add_demo_messages(programme, staff, patients, io.StringIO())
    assert ReplyTemplate.objects.filter(programme=programme).count() == 3
    assert OutboundMessage.objects.filter(purpose="red_flag_reply").count() == 1
    assert InboundMessage.objects.count() == 2
