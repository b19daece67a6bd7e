"""Reads of letter deliveries, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rose.letters.models import LetterDelivery


def letters_for_patient(*, user: Any, patient_id: Any) -> QuerySet[LetterDelivery]:
    """The letters sent about a patient, newest first, within the user's programme."""
    return (LetterDelivery.objects.filter(patient_id=patient_id, programme_id=user.programme_id)
            .select_related("version").order_by("-created_at"))
