"""Django admin: saved replies are edited here; the message log is read-only (it is permanent).
Each page shows only the administrator's own programme (rose.core.admin.ProgrammeScopedAdmin)."""

from __future__ import annotations

from django.contrib import admin

from rose.core.admin import ProgrammeScopedAdmin, ProgrammeScopedReadOnlyAdmin
from rose.messaging.models import InboundMessage, OutboundMessage, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ProgrammeScopedAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ProgrammeScopedReadOnlyAdmin):
    programme_permission = "messaging.view_inbox"
    list_display = ("id", "purpose", "status", "send_after", "attempts", "provider", "fragments")
    list_filter = ("status", "purpose", "provider")


@admin.register(InboundMessage)
class InboundMessageAdmin(ProgrammeScopedReadOnlyAdmin):
    programme_permission = "messaging.view_inbox"
    list_display = ("id", "provider", "outcome", "received_at")
    list_filter = ("outcome", "provider")
