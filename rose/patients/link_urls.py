from django.urls import path

from rose.patients import link_views

app_name = "links"

urlpatterns = [
    path("<str:token>", link_views.open_link, name="open"),
    path("<str:token>/new", link_views.request_new_link, name="request_new"),
]
