from django.contrib import admin

from rose.referrals.models import ApiToken, EligibilityCriterion


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(admin.ModelAdmin):
    """The service configures its eligibility checklist here (the default applies until it does)."""

    list_display = ("question", "programme", "expected", "order", "active")
    list_filter = ("programme", "active")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only view of tokens; create and revoke them on the FHIR API tokens page."""

    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("organisation", "name", "prefix", "token_hash", "created_by", "last_used_at")

    def has_add_permission(self, request):
        return False
