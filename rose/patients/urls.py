from django.urls import path

from rose.patients import views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("add/", views.patient_create, name="create"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<uuid:task_id>/done/", views.task_complete, name="task_complete"),
    path("<uuid:patient_id>/", views.patient_detail, name="detail"),
    path("<uuid:patient_id>/change/", views.patient_edit, name="edit"),
    path("<uuid:patient_id>/consent/", views.consent_add, name="consent"),
    path("<uuid:patient_id>/status/", views.patient_status, name="status"),
    path("<uuid:patient_id>/access-log/", views.patient_access_log, name="access_log"),
]
