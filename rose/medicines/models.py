"""The formulary and conversion tables in force, as database rows.

The versioned data files in ``rose/medicines/data/`` are loaded into these tables by a data
migration (and ``manage.py load_formulary``); administrators add products through the Django
admin. The dose engine never reads these models directly: ``rose.medicines.formulary_db``
turns the rows into the engine's immutable ``Formulary`` and ``TableSet``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from rose.core.models import BaseModel


class Origin(models.TextChoices):
    DATA_FILE = "data-file", "Versioned data file"
    ADMIN = "admin", "Added by an administrator"


class Release(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate release"
    MODIFIED = "modified", "Modified release"


class Route(models.TextChoices):
    ORAL = "oral", "Oral"
    SUBLINGUAL = "sublingual", "Sublingual"
    TRANSDERMAL = "transdermal", "Transdermal"
    BUCCAL = "buccal", "Buccal"
    NASAL = "nasal", "Nasal"
    SUBCUTANEOUS = "subcutaneous", "Subcutaneous"
    INTRAMUSCULAR = "intramuscular", "Intramuscular"
    INTRAVENOUS = "intravenous", "Intravenous"
    RECTAL = "rectal", "Rectal"


class Method(models.TextChoices):
    FACTOR = "factor", "Multiply mg/day by a factor"
    PER_MCG_HOUR = "per-mcg-hour", "Multiply delivered micrograms/hour by a factor"
    PATCH_LOOKUP = "patch-lookup", "Look up each patch strength"
    SPECIALIST = "specialist", "Not calculable: specialist conversion"
    NO_AGREED = "no-agreed-conversion", "Not calculable: no agreed conversion"


class Product(BaseModel):
    """One dm+d virtual medicinal product the engine can count and prescribe."""

    name = models.CharField(max_length=200, unique=True, help_text="The dm+d VMP name, exactly")
    drug = models.CharField(max_length=60, help_text="Lower case, as in the conversion tables, e.g. oxycodone")
    form = models.CharField(max_length=60, help_text="tablet, capsule, oral solution, patch ...")
    route = models.CharField(max_length=20, choices=Route.choices)
    release = models.CharField(max_length=20, choices=Release.choices)
    unit = models.CharField(max_length=20, help_text="tablet, capsule, ml, dose or patch")
    strength_mg_per_unit = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True,
                                               help_text="mg of the opioid per unit (leave empty for patches)")
    strength_mcg_per_hour = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                                help_text="Labelled patch strength (patches only)")
    delivers_mcg_per_hour = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                                help_text="Real delivery rate if it differs from the label")
    patch_wear_hours = models.PositiveIntegerField(null=True, blank=True)
    dose_increment = models.DecimalField(max_digits=6, decimal_places=2, default=1,
                                         help_text="Smallest measurable amount in units (0.5 if it may be halved)")
    max_units_per_dose = models.PositiveIntegerField(default=4)
    may_be_halved = models.BooleanField(default=False)
    partner_drug = models.CharField(max_length=60, blank=True, help_text="Combination partner, e.g. paracetamol")
    partner_mg = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=500, help_text="Where the name and strength were checked")
    verified_on = models.DateField()
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.ADMIN, editable=False)
    data_version = models.CharField(max_length=20, blank=True, editable=False,
                                    help_text="Version of the data file this row came from")
    active = models.BooleanField(default=True, help_text="Only active products are used in calculations")

    class Meta:
        ordering = ["drug", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        is_patch = self.strength_mcg_per_hour is not None
        if is_patch and self.strength_mg_per_unit is not None:
            errors["strength_mg_per_unit"] = "A patch has a strength in micrograms an hour, not mg per unit"
        if not is_patch and self.strength_mg_per_unit is None:
            errors["strength_mg_per_unit"] = "Enter the mg of the opioid in each unit"
        if is_patch and not self.patch_wear_hours:
            errors["patch_wear_hours"] = "Enter how many hours each patch is worn"
        for name in ("strength_mg_per_unit", "strength_mcg_per_hour", "delivers_mcg_per_hour", "dose_increment"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                errors[name] = "Must be more than 0"
        if self.max_units_per_dose == 0:
            errors["max_units_per_dose"] = "Must be at least 1"
        if bool(self.partner_drug) != (self.partner_mg is not None):
            errors["partner_mg"] = "Give both the combination partner and its mg, or neither"
        if self.drug and self.drug != self.drug.strip().lower():
            errors["drug"] = "Use the lower-case drug name as in the conversion tables, e.g. oxycodone"
        normalised = " ".join((self.name or "").lower().split())
        clash = [other for other in Product.objects.exclude(pk=self.pk).values_list("name", flat=True)
                 if " ".join(other.lower().split()) == normalised]
        if clash:
            errors["name"] = f"A product called {clash[0]!r} already exists (names ignore case and spacing)"
        if errors:
            raise ValidationError(errors)


class ConversionTable(BaseModel):
    """One published set of oral morphine equivalence factors."""

    table_id = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    source = models.CharField(max_length=500)
    verified_on = models.DateField()
    verification = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    data_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-is_default", "table_id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class ConversionRow(BaseModel):
    """How one drug by one route converts under one table, with its source."""

    table = models.ForeignKey(ConversionTable, on_delete=models.CASCADE, related_name="rows")
    drug = models.CharField(max_length=60)
    route = models.CharField(max_length=20)
    method = models.CharField(max_length=30, choices=Method.choices)
    factor = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    lookup_mg_per_day = models.JSONField(default=dict, blank=True,
                                         help_text='Patch strength to OME mg/day, e.g. {"25": "60"}')
    reason = models.CharField(max_length=500, blank=True)
    warning = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500)
    verified_on = models.DateField()

    class Meta:
        ordering = ["table", "drug", "route"]
        constraints = [models.UniqueConstraint(fields=["table", "drug", "route"], name="medicines_row_unique")]

    def __str__(self) -> str:
        return f"{self.table.table_id}: {self.drug} ({self.route})"
