from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search and matching"

    def ready(self):
        from .indexing import connect_signals

        connect_signals()
