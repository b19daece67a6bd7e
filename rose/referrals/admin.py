from django.contrib import admin

from rose.core.admin import ProgrammeScopedAdmin
from rose.referrals.models import EligibilityCriterion

# FHIR API tokens have no admin page: they are created and revoked on the app's API tokens page, and
# an admin page showed their hashes and let another programme's administrator un-revoke one (issue 12).


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(ProgrammeScopedAdmin):
    """The service configures its eligibility checklist here (the default applies until it does)."""

    list_display = ("question", "expected", "order", "active")
    list_filter = ("active",)
