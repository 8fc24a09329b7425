from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from . import workflows  # noqa: F401  (connects the "new directory index → Coalition review" signal)
        from .hsds.cache import connect_signals

        connect_signals()
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from .locales import forget_locales

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="directory-locales-saved")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="directory-locales-deleted")
