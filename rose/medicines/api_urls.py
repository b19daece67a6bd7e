"""Mount at "api/v1/" in rose/config/urls.py: path("api/v1/", include("rose.medicines.api_urls"))."""

from django.urls import path

from rose.medicines import api

app_name = "medicines_api"

urlpatterns = [
    path("calculations/ome", api.ome, name="ome"),
    path("calculations/taper", api.taper, name="taper"),
    path("openapi.json", api.openapi, name="openapi"),
]
