"""Django admin: saved replies are edited here; the message log is read-only (it is permanent)."""

from __future__ import annotations

from django.contrib import admin

from rose.core.admin import ReadOnlyAdmin
from rose.messaging.models import InboundMessage, OutboundMessage, ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "active")
    list_filter = ("programme", "active")


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "purpose", "status", "send_after", "attempts", "provider", "fragments")
    list_filter = ("status", "purpose", "provider")


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "provider", "outcome", "received_at", "programme")
    list_filter = ("outcome", "provider")
