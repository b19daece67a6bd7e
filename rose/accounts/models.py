"""Staff users, organisations (by ODS code) and programmes (one deployment, many services)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from rose.accounts.roles import CLINICAL_TEAM, Role
from rose.core.models import BaseModel

rules_permissions = rules.permissions.permissions
ROSE_APP_LABELS = frozenset({"accounts", "patients", "medicines", "referrals", "plans", "groups", "messaging",
                             "outcomes", "hub", "audit", "core"})


def is_rose_permission(perm: str) -> bool:
    """A permission that ROSE defines with `rules` (rose/*/rules.py)."""
    return perm in rules_permissions and perm.split(".", 1)[0] in ROSE_APP_LABELS

ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")


def validate_ods_code(value: str) -> None:
    if not ODS_CODE.match(value or ""):
        raise ValidationError("Enter an ODS code of 3 to 10 capital letters and numbers, like A81001")


class Programme(BaseModel):
    """A service run by one trust, for example "ROSE Stockport". Every patient belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    conversion_table = models.CharField(max_length=40, default="opioids-aware-2020")
    high_dose_threshold_mg = models.PositiveIntegerField(default=120)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_hours = models.CharField(max_length=200, blank=True)
    sms_drug_names = models.BooleanField(
        "Name medicines and doses in plan step texts", default=False,
        help_text="Off by default: anyone who sees the patient's phone could read the text. When on, the text "
                  "sent the day before each step change says what to take from the next day.")

    def __str__(self) -> str:
        return self.name


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        GP_PRACTICE = "gp_practice", "GP practice"
        PHARMACY = "pharmacy", "Pharmacy"
        HOSPITAL = "hospital", "Hospital department"
        SERVICE = "service", "ROSE service"

    ods_code = models.CharField(max_length=10, unique=True, validators=[validate_ods_code])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Staff accounts need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """An installation operator (`manage.py createsuperuser`): the Django admin's reference data and
        Wagtail, but no role and no programme, so no ROSE permission and no patient page. A service
        administrator is a user with role "admin" and is_staff, never a superuser (issue 12)."""
        if extra.get("role") or extra.get("programme") or extra.get("programme_id"):
            raise ValueError("A superuser is an installation operator: give them no role or programme")
        extra.update(is_staff=True, is_superuser=True, role="")
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Register(models.TextChoices):
        NONE = "", "None"
        GMC = "GMC", "General Medical Council (GMC)"
        NMC = "NMC", "Nursing and Midwifery Council (NMC)"
        GPHC = "GPhC", "General Pharmaceutical Council (GPhC)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="staff")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="staff")
    professional_register = models.CharField(max_length=5, choices=Register.choices, blank=True)
    registration_number = models.CharField(max_length=20, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django and Wagtail admin")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="prescriber_has_register",
                condition=~models.Q(role="prescriber")
                | (~models.Q(professional_register="") & ~models.Q(registration_number="")),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """ROSE's own permissions (the `rules` registry, docs/permissions.md) follow the role alone:
        Django's "a superuser holds every permission" never applies to them, so a superuser (an
        installation operator) reaches no patient page and passes no service check. Other permissions
        (Wagtail's, Django's model permissions) keep Django's rules."""
        if is_rose_permission(perm):
            return bool(self.is_active and not self.is_superuser and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if app_label in ROSE_APP_LABELS:
            prefix = f"{app_label}."
            return any(self.has_perm(name) for name in rules_permissions if name.startswith(prefix))
        return super().has_module_perms(app_label)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def is_clinical_team(self) -> bool:
        return self.role in CLINICAL_TEAM

    @property
    def register_display(self) -> str:
        if not self.professional_register:
            return ""
        return f"{self.professional_register} {self.registration_number}"
