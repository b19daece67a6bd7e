from __future__ import annotations

import datetime as dt

import factory

from rose.accounts.tests.factories import OrganisationFactory, ProgrammeFactory
from rose.core.fake_people import test_range_nhs_numbers
from rose.patients.models import Patient, search_key

_NUMBERS = test_range_nhs_numbers(start=500_000)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    programme = factory.SubFactory(ProgrammeFactory)
    nhs_number = factory.LazyFunction(lambda: next(_NUMBERS))
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = dt.date(1960, 5, 17)
    mobile = factory.Sequence(lambda n: f"+447700900{n % 1000:03d}")
    gp_practice = factory.SubFactory(OrganisationFactory, programme=factory.SelfAttribute("..programme"))
    family_key = factory.LazyAttribute(lambda o: search_key(o.family_name))
    given_key = factory.LazyAttribute(lambda o: search_key(o.given_name))
