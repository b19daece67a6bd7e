from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rose.audit"
    label = "audit"
    verbose_name = "Audit log"
