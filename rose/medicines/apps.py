from django.apps import AppConfig


class MedicinesConfig(AppConfig):
    name = "rose.medicines"
    label = "medicines"
    verbose_name = "Medicines and dose engine"

    def ready(self) -> None:
        from rose.core.views import HEALTH_PROVIDERS
        from rose.medicines.selectors import formulary_health

        HEALTH_PROVIDERS.append(formulary_health)
