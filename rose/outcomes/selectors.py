"""Reads of outcome data, always scoped to a programme (staff) or to the patient of a link."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from rose.outcomes.models import Answer, DashboardCell, DoseSnapshot, Invitation, OutcomeEvent, Response

if TYPE_CHECKING:
    from rose.accounts.models import User
    from rose.patients.models import Patient


def due_questionnaires_for_patient(*, patient: Patient) -> QuerySet[Invitation]:
    """Open invitations for the portal: not finished and still inside their window, soonest first."""
    return (Invitation.objects.filter(patient=patient, status__in=[Invitation.Status.INVITED,
                                                                   Invitation.Status.IN_PROGRESS],
                                      closes_on__gte=timezone.localdate())
            .select_related("event").order_by("due_on"))


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404("Not found") from exc


def invitation_for_patient(*, patient: Patient, invitation_id: uuid.UUID | str) -> Invitation:
    """The invitation of the patient whose link opened this session; 404 for anyone else's."""
    invitation = (Invitation.objects.filter(patient=patient, pk=_uuid(invitation_id))
                  .select_related("event", "patient").first())
    if invitation is None:
        raise Http404("Not found")
    return invitation


def responses_for_invitation(*, invitation: Invitation) -> list[Response]:
    return list(invitation.responses.select_related("instrument").prefetch_related("answers").order_by("order"))


def invitations_for_patient(*, patient: Patient) -> QuerySet[Invitation]:
    return (Invitation.objects.filter(patient=patient).select_related("event")
            .prefetch_related(Prefetch("responses", queryset=Response.objects.select_related("instrument", "entered_by")
                                       .order_by("order")))
            .order_by("due_on"))


def dose_snapshots_for_patient(*, patient: Patient) -> QuerySet[DoseSnapshot]:
    return DoseSnapshot.objects.filter(patient=patient).select_related("event").order_by("event__order")


def response_get_for_user(*, user: User, response_id: uuid.UUID | str) -> Response:
    programme_id = getattr(user, "programme_id", None)
    response = (Response.objects.filter(programme_id=programme_id, pk=_uuid(response_id))
                .select_related("instrument", "patient", "invitation__event", "entered_by")
                .prefetch_related("answers").first()) if programme_id else None
    if response is None:
        raise Http404("Not found")
    return response


def response_get_for_patient(*, patient: Patient, response_id: uuid.UUID | str) -> Response:
    response = (Response.objects.filter(patient=patient, pk=_uuid(response_id))
                .select_related("instrument", "patient", "invitation__event").prefetch_related("answers").first())
    if response is None:
        raise Http404("Not found")
    return response


def events_for_user(*, user: User) -> QuerySet[OutcomeEvent]:
    return OutcomeEvent.objects.filter(programme=getattr(user, "programme_id", None)).order_by("order")


def dashboard_cells(*, user: User, dimension: str, period: str) -> list[DashboardCell]:
    """One query: every pre-computed number for the chosen view."""
    return list(DashboardCell.objects.filter(programme=getattr(user, "programme_id", None), dimension=dimension,
                                             period=period).order_by("section", "dimension_label", "metric"))


def dashboard_periods(*, user: User) -> list[str]:
    return sorted(set(DashboardCell.objects.filter(programme=getattr(user, "programme_id", None), dimension="all")
                      .values_list("period", flat=True)), reverse=True)


def evaluation_consenting_patients(*, programme_id: uuid.UUID | None) -> QuerySet[Any]:
    """Patients of the programme whose latest evaluation consent is "given" (issue 12). Nobody else's
    data reaches an evaluator's export or the outcomes dashboard; no consent recorded means no."""
    patient_model, consent_model = apps.get_model("patients", "Patient"), apps.get_model("patients", "Consent")
    latest = (consent_model.objects.filter(patient_id=OuterRef("pk"), kind="evaluation")
              .order_by("-created_at").values("given")[:1])
    return (patient_model.objects.filter(programme=programme_id)
            .annotate(evaluation_consent=Subquery(latest)).filter(evaluation_consent=True))


def _consenting_ids(user: User) -> QuerySet[Any]:
    return evaluation_consenting_patients(programme_id=getattr(user, "programme_id", None)).values("pk")


def export_patients_left_out(*, user: User) -> int:
    """How many patients with outcome data were left out of the exports for want of evaluation consent."""
    programme_id = getattr(user, "programme_id", None)
    with_data = (Q(pk__in=Response.objects.filter(programme=programme_id, started_at__isnull=False)
                   .values("patient_id"))
                 | Q(pk__in=DoseSnapshot.objects.filter(programme=programme_id).values("patient_id")))
    return (apps.get_model("patients", "Patient").objects.filter(with_data, programme=programme_id)
            .exclude(pk__in=_consenting_ids(user)).count())


def responses_for_export(*, user: User) -> QuerySet[Response]:
    """Completed or partly answered responses of the user's programme, for de-identified export
    (patients who consented to evaluation only)."""
    return (Response.objects.filter(programme=getattr(user, "programme_id", None), started_at__isnull=False,
                                    patient_id__in=_consenting_ids(user))
            .order_by("patient_id", "invitation__due_on", "order"))


def answers_for_export(*, user: User) -> QuerySet[Answer]:
    return (Answer.objects.filter(response__programme=getattr(user, "programme_id", None), value__isnull=False,
                                  response__patient_id__in=_consenting_ids(user))
            .order_by("response__patient_id", "response_id", "item_code"))


def dose_snapshots_for_export(*, user: User) -> QuerySet[DoseSnapshot]:
    return (DoseSnapshot.objects.filter(programme=getattr(user, "programme_id", None),
                                        patient_id__in=_consenting_ids(user))
            .order_by("patient_id", "event__order"))


def dashboard_monthly_cells(*, user: User) -> list[DashboardCell]:
    """One query: the monthly series (whole service) the dashboard draws as XmR charts."""
    return list(DashboardCell.objects.filter(programme=getattr(user, "programme_id", None), dimension="all",
                                             period="all", section="monthly").order_by("metric"))


def report_quarters(*, user: User) -> list[str]:
    """Quarters ("2026-Q1") with numbers, newest first."""
    return [p for p in dashboard_periods(user=user) if "-Q" in p]


def quarterly_report_cells(*, user: User, quarter: str) -> list[DashboardCell]:
    """One query: the quarter's numbers for the whole service and per cohort."""
    return list(DashboardCell.objects.filter(programme=getattr(user, "programme_id", None), period=quarter,
                                             dimension__in=("all", "cohort"))
                .order_by("dimension", "section", "dimension_label", "metric"))
