from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "rose.messaging"
    label = "messaging"
    verbose_name = "Text messaging"

    def ready(self) -> None:
        from rose.messaging import wiring

        wiring.connect()
