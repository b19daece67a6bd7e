"""A stale "Reply YES" offer text never goes once staff have recorded the answer (issue 16, item 6)."""

from __future__ import annotations

import pytest

from rose.groups import services
from rose.groups.tests.factories import make_cohort, make_waiting
from rose.messaging.models import MessageStatus, OutboundMessage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("answer", ["accepted", "declined"])
def test_recording_the_answer_cancels_the_queued_offer_text(programme, answer):
    cohort = make_cohort(programme)
    entry = make_waiting(programme)
    enrolment = services.enrolment_offer(cohort=cohort, entry=entry)
    offer = OutboundMessage.objects.get(patient=entry.patient, purpose="group_offer")
    assert offer.status == MessageStatus.QUEUED
    if answer == "accepted":
        services.enrolment_accept(enrolment=enrolment)
    else:
        services.enrolment_decline(enrolment=enrolment, reason="Cannot make Tuesdays")
    offer.refresh_from_db()
    assert offer.status == MessageStatus.CANCELLED
