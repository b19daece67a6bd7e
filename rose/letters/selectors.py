"""Reads of letter deliveries, scoped to what the user may see."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rose.letters.models import DeliveryState, LetterDelivery

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.referrals.models import Referral


def letters_for_patient(*, user: User, patient_id: uuid.UUID | str) -> QuerySet[LetterDelivery]:
    """The letters sent about a patient, newest first, within the user's programme."""
    return (LetterDelivery.objects.filter(patient_id=patient_id, programme=user.programme_id)
            .select_related("version").order_by("-created_at"))


def letters_for_referral(*, referral: Referral) -> list[LetterDelivery]:
    """Letters sent about the patient a referral became (none before it is accepted). One query."""
    if not referral.patient_id:
        return []
    return list(LetterDelivery.objects.filter(patient_id=referral.patient_id, programme_id=referral.programme_id)
                .exclude(state=DeliveryState.QUEUED).order_by("-created_at"))


def letter_for_referrer(*, user: User, delivery_id: uuid.UUID | str) -> LetterDelivery:
    """A sent letter about a patient this referrer's organisation referred, in their programme; else 404."""
    from rose.referrals.models import Referral

    referred = Referral.objects.filter(referrer_organisation_id=user.organisation_id,
                                       programme=user.programme_id, patient_id__isnull=False)
    return get_object_or_404(
        LetterDelivery.objects.select_related("document").exclude(state=DeliveryState.QUEUED)
        .filter(programme=user.programme_id, document__isnull=False,
                patient_id__in=referred.values("patient_id")), pk=delivery_id)
