from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from rose.accounts.tests.factories import OrganisationFactory, ProgrammeFactory
from rose.core.fake_people import test_range_nhs_numbers
from rose.referrals.models import Referral, ReferralStatus, WaitlistEntry

_NUMBERS = test_range_nhs_numbers(start=700_000)

MORPHINE_REGIMEN = {"items": [{"product": "Morphine 10mg modified-release tablets", "units_per_dose": 3,
                               "times_per_day": 2}]}
ELIGIBLE = {"chronic_pain_3_months": True, "opioids_3_months": True, "palliative_or_cancer": False,
            "addiction_service_needed": False, "agrees_to_referral": True}


class ReferralFactory(factory.django.DjangoModelFactory):
    """A submitted referral (no status row: use services for lifecycle tests)."""

    class Meta:
        model = Referral

    programme = factory.SubFactory(ProgrammeFactory)
    referrer_organisation = factory.SubFactory(OrganisationFactory, programme=factory.SelfAttribute("..programme"))
    gp_practice = factory.SelfAttribute("referrer_organisation")
    status = ReferralStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"ROSE-T{n:03d}-{n:04d}"[:14])
    nhs_number = factory.LazyFunction(lambda: next(_NUMBERS))
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = dt.date(1961, 4, 2)
    mobile = "+447700900123"
    pain_condition = "Chronic low back pain"
    pain_duration = "1to5y"
    regimen = factory.LazyFunction(lambda: dict(MORPHINE_REGIMEN))
    eligibility = factory.LazyFunction(lambda: dict(ELIGIBLE))
    reason = "Wants to reduce opioids"
    consent_texts = True
    total_ome_mg = 60
    ome_band = 2
    submitted_at = factory.LazyFunction(timezone.now)


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitlistEntry

    patient = factory.SubFactory("rose.patients.tests.factories.PatientFactory")
    programme = factory.SelfAttribute("patient.programme")
    added_at = factory.LazyFunction(timezone.now)
