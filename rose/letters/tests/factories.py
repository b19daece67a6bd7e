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


def sent_letter(*, organisation, patient=None, pdf=b"%PDF-1.4 letter", document_version=1):
    """A letter sent to the GP about a patient that `organisation` referred (an accepted referral)."""
    from django.utils import timezone

    from rose.letters.models import DeliveryState, LetterDelivery
    from rose.referrals.tests.factories import ReferralFactory

    patient = patient or PatientFactory(programme=organisation.programme)
    version = approved_version(patient, pdf=pdf)
    document = PlanDocument.objects.get(version=version, kind=DocumentKind.GP_LETTER)
    referral = ReferralFactory(programme=patient.programme, referrer_organisation=organisation, patient=patient,
                               status="accepted", nhs_number=patient.nhs_number)
    delivery = LetterDelivery.objects.create(
        version=version, document=document, patient=patient, programme_id=patient.programme_id,
        practice_id=patient.gp_practice_id, state=DeliveryState.SENT, sent_at=timezone.now(), channel="mesh",
        recipient="automated routing", document_version=document_version)
    return referral, delivery
