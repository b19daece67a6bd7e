from django.urls import path

from rose.medicines import views

app_name = "medicines"

urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
]
