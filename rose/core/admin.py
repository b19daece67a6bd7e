"""Shared Django admin pieces (issue 12).

- Pages of a model that belongs to a programme are scoped to the administrator's programme
  (`ProgrammeScopedAdmin`); a user with no programme (an installation operator) sees none of them.
- rose.audit.admin.harden_admin_site removes secret-holding models and audits every admin page and change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through the service or a reviewed data file: shown, never edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProgrammeScopedAdmin(admin.ModelAdmin):
    """A model with a programme: the service administrator sees and edits only their own programme's
    rows, new rows join their programme, and the programme field is never offered.

    Access follows `programme_permission` (a ROSE `rules` permission, so Django's superuser shortcut
    never applies) and needs the user to belong to a programme."""

    programme_field = "programme"
    programme_permission = "accounts.change_programme"

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(getattr(user, "programme_id", None) and user.has_perm(self.programme_permission))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if not self._allowed(request):
            return queryset.none()
        return queryset.filter(**{f"{self.programme_field}_id": request.user.programme_id})  # type: ignore[union-attr]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*(super().get_exclude(request, obj) or []), self.programme_field]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [item for item in super().get_list_filter(request) if item != self.programme_field]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        setattr(obj, f"{self.programme_field}_id", request.user.programme_id)  # type: ignore[union-attr]
        super().save_model(request, obj, form, change)


class ProgrammeScopedReadOnlyAdmin(ProgrammeScopedAdmin):
    """A programme's rows shown (to its own administrators only), never edited here."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
