from django.contrib import admin

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

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
