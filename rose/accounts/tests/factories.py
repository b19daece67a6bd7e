from __future__ import annotations

import factory

from rose.accounts.models import Organisation, Programme, User
from rose.accounts.roles import Role


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    ods_code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Test practice {n}")
    kind = Organisation.Kind.GP_PRACTICE
    programme = factory.SubFactory(ProgrammeFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@rose.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.COORDINATOR
    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory, programme=factory.SelfAttribute("..programme"))
    professional_register = factory.LazyAttribute(lambda o: "GMC" if o.role == Role.PRESCRIBER else "")
    registration_number = factory.LazyAttribute(lambda o: "7000001" if o.role == Role.PRESCRIBER else "")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
