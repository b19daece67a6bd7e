"""PDFs made with WeasyPrint from HTML templates, stored with the approved plan version."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.plans import presenters
from rose.plans.models import DocumentKind, PlanDocument, PlanVersion
from rose.plans.selectors import referral_for_patient

logger = logging.getLogger(__name__)

TEMPLATES = {DocumentKind.PATIENT_PLAN: "plans/pdf/patient_plan.jinja",
             DocumentKind.EASY_READ: "plans/pdf/easy_read.jinja",
             DocumentKind.GP_LETTER: "plans/pdf/gp_letter.jinja"}


def document_context(version: PlanVersion) -> dict[str, Any]:
    plan = version.plan
    approval = getattr(version, "approval", None)
    return {
        "version": version, "plan": plan, "patient": plan.patient, "programme": plan.patient.programme,
        "approval": approval, "draft": approval is None,
        "weeks": presenters.patient_weeks(version.steps), "rows": presenters.step_rows(version.steps),
        "reviews": presenters.review_text(version.steps), "generated": timezone.now(),
        "safety": presenters.referral_safety(referral_for_patient(patient=plan.patient)),
        "table": presenters.patient_table(version.steps), "actions": presenters.gp_actions(version.steps),
        "review_dates": presenters.review_dates(version.steps), "warnings": version.warnings or [],
        "has_patch": any(adm.get("unit") == "patch" for step in version.steps for adm in step["administrations"]),
    }


def document_html(version: PlanVersion, kind: str) -> str:
    return render_to_string(TEMPLATES[DocumentKind(kind)], document_context(version))


class DocumentsError(ValidationError):
    """The patient's plan or the GP letter cannot be made from a version."""


def documents_check(*, version: PlanVersion) -> None:
    """Render every document of a version (the step that failed for as-needed doses), so that a
    version whose documents cannot be made is never approved. The PDFs follow in the background
    from the same templates."""
    for kind in TEMPLATES:
        try:
            document_html(version, kind)
        except Exception as exc:  # any failure must refuse the approval, whatever its cause
            logger.exception("Plan document %s could not be rendered for version %s", kind, version.pk)
            raise DocumentsError(
                f"{DocumentKind(kind).label} could not be made from version {version.number}, so the plan "
                "has not been approved. Nothing was sent. Tell the ROSE support team, then try again") from exc


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to import and only the worker needs it

    return HTML(string=html).write_pdf()


def plan_documents_generate(*, version: PlanVersion) -> list[PlanDocument]:
    """Both documents for an approved version (idempotent: existing ones are kept)."""
    version = PlanVersion.objects.select_related("plan__patient__programme", "plan__patient__gp_practice",
                                                 "approval").get(pk=version.pk)
    made = []
    for kind in TEMPLATES:
        if version.documents.filter(kind=kind).exists():
            continue
        html = document_html(version, kind)
        pdf = html_to_pdf(html)
        with transaction.atomic():
            made.append(PlanDocument.objects.create(version=version, kind=kind, html=html, pdf=pdf))
            audit_log(action=AuditAction.CREATE, actor=None, actor_label="system", obj=made[-1],
                      patient=version.plan.patient_id, detail={"kind": kind, "version": version.number})
    return made
