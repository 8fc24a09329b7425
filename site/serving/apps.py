from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "serving"
    verbose_name = "Serving: page cache, health, worker heartbeat"

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
