"""Background work: PDFs for an approved version (WeasyPrint takes about a second a document)."""

from __future__ import annotations

from django_tasks import task

from rose.plans.models import PlanVersion


@task()
def plan_documents_generate_task(version_id: str) -> int:
    from rose.plans.services.documents import plan_documents_generate

    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is None or not hasattr(version, "approval"):
        return 0
    return len(plan_documents_generate(version=version))
