from django.urls import path

from rose.referrals.views import referrer, triage, waitlist

app_name = "referrals"

urlpatterns = [
    # Referrers
    path("mine/", referrer.referral_mine, name="mine"),
    path("start/", referrer.referral_start, name="start"),
    path("draft/<uuid:referral_id>/check/", referrer.referral_check, name="check"),
    path("draft/<uuid:referral_id>/<slug:step>/", referrer.referral_step, name="step"),
    path("sent/<uuid:referral_id>/", referrer.referral_done, name="done"),
    path("status/<uuid:referral_id>/", referrer.referral_status, name="status"),
    # The ROSE team
    path("", triage.referral_queue, name="queue"),
    path("<uuid:referral_id>/", triage.referral_detail, name="detail"),
    path("waitlist/", triage.waitlist, name="waitlist"),
    path("waitlist/<uuid:entry_id>/pathway/", waitlist.waitlist_pathway, name="waitlist_pathway"),
    path("reports/", triage.referral_reports, name="reports"),
    path("api-tokens/", triage.api_tokens, name="tokens"),
    path("api-tokens/<uuid:token_id>/revoke/", triage.api_token_revoke, name="token_revoke"),
]
