from django.apps import AppConfig


class MedicinesConfig(AppConfig):
    name = "rose.medicines"
    label = "medicines"
    verbose_name = "Medicines and dose engine"

    def ready(self) -> None:
        from rose.core import hooks
        from rose.medicines.selectors import formulary_health

        hooks.health_facts.register(formulary_health)
