"""A patient with an approved plan, whose GP letter PDF is made by plans' own renderer."""

from __future__ import annotations

from rose.patients.tests.factories import PatientFactory
from rose.plans.models import DocumentKind, PlanDocument
from rose.plans.services.documents import plan_documents_generate
from rose.plans.tests.factories import approved_plan


def approved_version(patient=None, *, programme=None, pdf=None):
    """An approved plan version. `pdf`: store this as the GP letter instead of rendering (fast tests)."""
    patient = patient or PatientFactory(programme=programme)
    plan = approved_plan(patient)
    version = plan.approved_version
    if pdf is not None:
        PlanDocument.objects.create(version=version, kind=DocumentKind.GP_LETTER, html="<p>letter</p>", pdf=pdf)
    return version


def render_letter(version):
    plan_documents_generate(version=version)
    return PlanDocument.objects.get(version=version, kind=DocumentKind.GP_LETTER)
