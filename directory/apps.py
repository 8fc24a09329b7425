from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from . import workflows  # noqa: F401  (connects the "new directory index → Coalition review" signal)
        from .hsds.cache import connect_signals

        connect_signals()
