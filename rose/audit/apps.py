from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rose.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from rose.audit import guard

        guard.install()
