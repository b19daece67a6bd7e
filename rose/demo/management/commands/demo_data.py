"""Load the demo: the ROSE team (one account per role), practices and 30 made-up patients.

Idempotent: running it again changes nothing. Refuses to run unless DEBUG or --force.
"""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rose.accounts.models import Organisation, Programme, User
from rose.accounts.roles import Role
from rose.core import hooks
from rose.core.fake_people import FAMILY, GIVEN, date_of_birth, test_mobile, test_range_nhs_numbers
from rose.patients.models import Patient
from rose.patients.services import consent_record, patient_create

DEMO_PASSWORD = "rose-demo-password"  # noqa: S105 - printed on screen, demo only
STAFF = [
    (Role.ADMIN, "admin", "Asha", "Admin", "", ""),
    (Role.COORDINATOR, "coordinator", "Carl", "Coordinator", "", ""),
    (Role.NURSE, "nurse", "Nia", "Nurse", "NMC", "12A3456E"),
    (Role.PRESCRIBER, "prescriber", "Priya", "Prescriber", "GMC", "7654321"),
    (Role.PEER, "peer", "Pat", "Peer", "", ""),
    (Role.REFERRER, "gp", "Gill", "Practitioner", "GMC", "1234567"),
    (Role.EVALUATOR, "evaluator", "Evan", "Evaluator", "", ""),
]
PRACTICES = [("Y90001", "Archwood Medical Practice (demo)"), ("Y90002", "Werneth Health Centre (demo)"),
             ("Y90003", "Bramhall Park Surgery (demo)")]


class Command(BaseCommand):
    help = "Load demo data: staff for every role, practices and 30 made-up patients"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Allow outside DEBUG (never in production)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or options["force"]):
            raise CommandError("demo_data only runs with DEBUG on (or --force on a test system)")
        if Programme.objects.filter(slug="stockport").exists():
            self.stdout.write("Demo data is already loaded.")
            self.print_logins()
            return
        with transaction.atomic():
            programme, staff, patients = self.create_core()
            hooks.demo_data.run(programme=programme, staff=staff, patients=patients, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(staff)} staff and {len(patients)} patients."))
        self.print_logins()

    def create_core(self) -> tuple[Programme, dict[str, User], list[Patient]]:
        programme = Programme.objects.create(
            name="ROSE Stockport (demo)", slug="stockport", contact_phone="0161 000 0000",
            contact_email="rose-team@nhs.invalid", contact_hours="Monday to Friday, 9am to 5pm")
        service = Organisation.objects.create(ods_code="Y90000", name="ROSE service (demo)",
                                              kind=Organisation.Kind.SERVICE, programme=programme)
        practices = [Organisation.objects.create(ods_code=code, name=name, kind=Organisation.Kind.GP_PRACTICE,
                                                 programme=programme) for code, name in PRACTICES]
        staff = {}
        for role, handle, first, last, register, number in STAFF:
            staff[role.value] = User.objects.create_user(
                f"{handle}@rose.example", DEMO_PASSWORD, first_name=first, last_name=last, role=role,
                programme=programme, organisation=practices[0] if role == Role.REFERRER else service,
                professional_register=register, registration_number=number,
                # The service administrator uses the Django admin for their own programme's settings;
                # never a superuser (issue 12: superusers passed every check in every programme).
                is_staff=role == Role.ADMIN)
        rng = random.Random(2019)
        numbers = test_range_nhs_numbers(start=1000)
        patients = []
        for index in range(30):
            patient = patient_create(
                actor=staff["coordinator"], programme=programme, nhs_number=next(numbers),
                given_name=GIVEN[index], family_name=FAMILY[index], date_of_birth=date_of_birth(rng),
                mobile=test_mobile(index), gp_practice=practices[index % len(practices)])
            consent_record(patient=patient, kind="texts", given=index % 7 != 3, source="referral",
                           actor=staff["coordinator"])
            consent_record(patient=patient, kind="evaluation", given=index % 5 != 2, source="referral",
                           actor=staff["coordinator"])
            patients.append(patient)
        return programme, staff, patients

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for role, handle, *_ in STAFF:
            self.stdout.write(f"  {Role(role).label:<26} {handle}@rose.example")
