from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rose.core"
    label = "core"
    verbose_name = "Core"
