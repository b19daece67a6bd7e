from django.urls import path

from rose.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/quarterly/", views.quarterly_report, name="quarterly_report"),
    path("q/<uuid:invitation_id>/", views.portal_start, name="portal_start"),
    path("q/<uuid:invitation_id>/<uuid:response_id>/<int:page_no>/", views.portal_page, name="portal_page"),
    path("q/<uuid:invitation_id>/support/", views.portal_support, name="portal_support"),
    path("q/<uuid:invitation_id>/done/", views.portal_done, name="portal_done"),
    path("patients/<uuid:patient_id>/", views.patient_outcomes, name="patient"),
    path("patients/<uuid:patient_id>/send-link/", views.send_link, name="send_link"),
    path("patients/<uuid:patient_id>/responses/<uuid:response_id>/phone/", views.phone_entry, name="phone_entry"),
    path("responses/<uuid:response_id>/fhir/", views.response_fhir, name="response_fhir"),
    path("exports/", views.export_index, name="export_index"),
    path("exports/<str:filename>", views.export_file, name="export_file"),
]
