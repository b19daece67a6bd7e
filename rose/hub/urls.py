from django.urls import path
from wagtail.documents.views.serve import serve as serve_document

from rose.hub import portal_views, views

app_name = "hub"

urlpatterns = [
    path("portal/", portal_views.portal_home, name="portal_home"),
    path("portal/learning/<uuid:assignment_id>/", portal_views.portal_progress, name="portal_progress"),
    path("portal/sessions/<uuid:session_id>/calendar.ics", portal_views.portal_session_calendar,
         name="portal_session_calendar"),
    path("portal/appointments/<uuid:booking_id>/calendar.ics", portal_views.portal_appointment_calendar,
         name="portal_appointment_calendar"),
    path("portal/call-back/", portal_views.portal_call_back, name="portal_call_back"),
    path("portal/sign-out/", portal_views.portal_sign_out, name="portal_sign_out"),
    # Leaflets: Wagtail's own document view (collection privacy applies), under the hub's prefix.
    path("hub-documents/<int:document_id>/<str:document_filename>", serve_document, name="leaflet"),
    path("hub-search/", views.hub_search, name="search"),
    path("staff-hub/reviews/", views.review_report, name="reviews"),
    path("staff-hub/caseload/", views.caseload, name="caseload"),
    path("staff-hub/patients/<uuid:patient_id>/portal-link/", views.portal_link_send, name="portal_link_send"),
    path("staff-hub/patients/<uuid:patient_id>/learning/", views.learning_for_patient, name="learning"),
    path("staff-hub/patients/<uuid:patient_id>/learning/<uuid:assignment_id>/withdraw/", views.learning_withdraw,
         name="learning_withdraw"),
]
