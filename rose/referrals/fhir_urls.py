"""Mounted at "fhir/" in rose.config.urls (public prefix: token authentication, no session).

Every path under /fhir/ answers FHIR JSON: the last pattern turns unknown paths into an
OperationOutcome (404), and each view answers a wrong method with one (405)."""

from django.urls import path, re_path

from rose.referrals.views import fhir

app_name = "fhir"

urlpatterns = [
    path("", fhir.transaction_base, name="base"),
    path("metadata", fhir.metadata, name="metadata"),
    path("ServiceRequest", fhir.service_request_type, name="service_request_create"),
    path("ServiceRequest/<str:referral_id>", fhir.service_request_read, name="service_request"),
    re_path(r"^(?P<path>.*)$", fhir.not_found, name="not_found"),
]
