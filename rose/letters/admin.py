from django.contrib import admin
from django.http import HttpRequest

from rose.letters.models import LetterDelivery, PracticeContact


@admin.register(PracticeContact)
class PracticeContactAdmin(admin.ModelAdmin):
    list_display = ("organisation", "mesh_mailbox_id", "email", "use_email")
    search_fields = ("organisation__ods_code", "organisation__name")


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(admin.ModelAdmin):
    """Read-only: deliveries change only through the delivery job."""

    list_display = ("created_at", "state", "channel", "document_version", "attempts", "mesh_message_id")
    list_filter = ("state", "channel")
    readonly_fields = [field.name for field in LetterDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LetterDelivery | None = None) -> bool:
        return False
