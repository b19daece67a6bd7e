"""Reads of letter deliveries, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rose.letters.models import DeliveryState, LetterDelivery


def letters_for_patient(*, user: Any, patient_id: Any) -> QuerySet[LetterDelivery]:
    """The letters sent about a patient, newest first, within the user's programme."""
    return (LetterDelivery.objects.filter(patient_id=patient_id, programme_id=user.programme_id)
            .select_related("version").order_by("-created_at"))


def letters_for_referral(*, referral: Any) -> list[LetterDelivery]:
    """Letters sent about the patient a referral became (none before it is accepted). One query."""
    if not referral.patient_id:
        return []
    return list(LetterDelivery.objects.filter(patient_id=referral.patient_id, programme_id=referral.programme_id)
                .exclude(state=DeliveryState.QUEUED).order_by("-created_at"))


def letter_for_referrer(*, user: Any, delivery_id: Any) -> LetterDelivery:
    """A sent letter about a patient this referrer's organisation referred, in their programme; else 404."""
    from rose.referrals.models import Referral

    referred = Referral.objects.filter(referrer_organisation_id=user.organisation_id,
                                       programme_id=user.programme_id, patient_id__isnull=False)
    return get_object_or_404(
        LetterDelivery.objects.select_related("document").exclude(state=DeliveryState.QUEUED)
        .filter(programme_id=user.programme_id, document__isnull=False,
                patient_id__in=referred.values("patient_id")), pk=delivery_id)
