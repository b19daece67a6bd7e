"""Staff roles. One role per account keeps the permission matrix (docs/permissions.md) readable."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Service administrator"
    COORDINATOR = "coordinator", "Care coordinator"
    NURSE = "nurse", "Specialist nurse"
    PRESCRIBER = "prescriber", "Prescribing clinician"
    PEER = "peer", "Expert service user"
    REFERRER = "referrer", "Referrer"
    EVALUATOR = "evaluator", "Evaluator"


CLINICAL_TEAM = frozenset({Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER})
