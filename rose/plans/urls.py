from django.urls import path

from rose.plans.views import clinics, consultations, plans

app_name = "plans"

urlpatterns = [
    path("clinics/", clinics.clinic_list, name="clinics"),
    path("clinics/slots/add/", clinics.slot_create, name="slot_create"),
    path("clinics/slots/add-series/", clinics.slot_series_create, name="slot_series_create"),
    path("clinics/slots/<uuid:slot_id>/book/", clinics.booking_create, name="book"),
    path("clinics/bookings/<uuid:booking_id>/outcome/", clinics.booking_outcome, name="outcome"),
    path("patients/<uuid:patient_id>/consultation/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<uuid:consultation_id>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<uuid:consultation_id>/plan/", plans.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", plans.plan_detail, name="plan"),
    path("<uuid:plan_id>/steps/<int:number>/", plans.plan_step, name="step"),
    path("<uuid:plan_id>/hold/", plans.plan_hold, name="hold"),
    path("<uuid:plan_id>/slow-down/", plans.plan_slow_down, name="slow_down"),
    path("<uuid:plan_id>/compare/", plans.plan_diff, name="diff"),
    path("<uuid:plan_id>/approve/", plans.plan_approve, name="approve"),
    path("<uuid:plan_id>/doses/add/", plans.dose_add, name="dose_add"),
    path("<uuid:plan_id>/<str:action>/", plans.plan_status, name="status"),
    path("documents/<uuid:document_id>/", plans.document_download, name="document"),
]
