from django.urls import path

from rose.letters import views

app_name = "letters"

urlpatterns = [
    path("<uuid:delivery_id>/download/", views.letter_download, name="download"),
]
