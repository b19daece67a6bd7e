"""Django admin: a service administrator changes their own programme's settings (never another's)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rose.accounts.models import Programme
from rose.accounts.services import programme_settings_save


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    audits_own_changes = True  # programme_settings_save writes the audit row; no additions or deletions
    list_display = ("name", "conversion_table", "high_dose_threshold_mg", "sms_drug_names")
    readonly_fields = ("slug", "conversion_table", "high_dose_threshold_mg", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        ("How patients contact the team", {"fields": ("contact_phone", "contact_email", "contact_hours")}),
        ("Text messages", {"fields": ("sms_drug_names",)}),
        ("Dose calculations (changed only through a reviewed release)",
         {"fields": ("conversion_table", "high_dose_threshold_mg")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Programme]:
        return super().get_queryset(request).filter(pk=getattr(request.user, "programme_id", None))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Programme, form: Any, change: bool) -> None:
        programme_settings_save(programme=obj, actor=request.user,  # type: ignore[arg-type]  # admin: signed in
                                changed=list(form.changed_data))
