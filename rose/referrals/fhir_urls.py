"""Mounted at "fhir/" in rose.config.urls (public prefix: token authentication, no session)."""

from django.urls import path

from rose.referrals.views import fhir

app_name = "fhir"

urlpatterns = [
    path("ServiceRequest", fhir.service_request_create, name="service_request_create"),
    path("ServiceRequest/<str:referral_id>", fhir.service_request_read, name="service_request"),
]
