"""Factories for formulary rows an administrator might add."""

import datetime as dt
from decimal import Decimal

import factory

from rose.medicines.models import Origin, Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Oxycodone {n + 100}mg test tablets")
    drug = "oxycodone"
    form = "tablet"
    route = "oral"
    release = "immediate"
    unit = "tablet"
    strength_mg_per_unit = Decimal("7")
    dose_increment = Decimal("1")
    max_units_per_dose = 4
    may_be_halved = False
    source = "Test product"
    verified_on = dt.date(2026, 11, 21)
    origin = Origin.ADMIN
