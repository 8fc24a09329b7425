from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search and matching"

    def ready(self):
        from directory.hooks import provide_text_search

        from .indexing import connect_signals
        from .service import service_hsds_ids_for_text

        connect_signals()
        provide_text_search(service_hsds_ids_for_text)
