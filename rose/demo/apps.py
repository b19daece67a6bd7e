from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rose.demo"
    label = "demo"
    verbose_name = "Demo and synthetic data"
