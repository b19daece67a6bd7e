"""Django admin: administrators add products; data-file rows and conversion tables are read-only
(they change only through a reviewed data file and `manage.py load_formulary`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rose.core.admin import ReadOnlyAdmin
from rose.medicines.models import ConversionRow, ConversionTable, Origin, Product
from rose.medicines.services import product_save

DATA_FILE_EDITABLE = ("active",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "drug", "route", "release", "origin", "data_version", "active", "verified_on")
    list_filter = ("origin", "drug", "route", "release", "active")
    search_fields = ("name", "drug")
    readonly_fields = ("origin", "data_version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "drug", "form", "route", "release", "unit", "active")}),
        ("Strength", {"fields": ("strength_mg_per_unit", "strength_mcg_per_hour", "delivers_mcg_per_hour",
                                 "patch_wear_hours", "partner_drug", "partner_mg")}),
        ("Dosing", {"fields": ("dose_increment", "max_units_per_dose", "may_be_halved")}),
        ("Source", {"fields": ("source", "verified_on", "origin", "data_version", "created_at", "updated_at")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> Any:
        if obj is not None and obj.origin == Origin.DATA_FILE:
            return [f.name for f in Product._meta.fields if f.name not in DATA_FILE_EDITABLE]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # make a product inactive instead: past calculations may name it

    def save_model(self, request: HttpRequest, obj: Product, form: Any, change: bool) -> None:
        if not change:
            obj.origin = Origin.ADMIN
        product_save(product=obj, actor=request.user, created=not change)  # type: ignore[arg-type]  # admin: signed in


class ConversionRowInline(admin.TabularInline):
    model = ConversionRow
    fields = ("drug", "route", "method", "factor", "lookup_mg_per_day", "reason", "warning", "source", "verified_on")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConversionTable)
class ConversionTableAdmin(ReadOnlyAdmin):
    list_display = ("table_id", "title", "version", "is_default", "data_version", "verified_on")
    inlines = [ConversionRowInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in ConversionTable._meta.fields]
