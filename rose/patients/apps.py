from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "rose.patients"
    label = "patients"
    verbose_name = "Patients"
