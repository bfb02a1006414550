from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Timeline"

    def ready(self) -> None:
        from events import dataversion

        dataversion.connect()
