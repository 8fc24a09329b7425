from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from . import (
            changes,
            workflows,  # noqa: F401  (connects the "new directory index → Coalition review" signal)
        )

        changes.connect_signals()  # what the public sees changed: the page and HSDS caches move on
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from .locales import forget_locales

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="directory-locales-saved")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="directory-locales-deleted")

        from .models import Language, Need, Population
        from .models.vocabularies import forget_terms

        for model in (Need, Population, Language):
            post_save.connect(forget_terms, sender=model, dispatch_uid=f"term-memo-saved-{model.__name__}")
            post_delete.connect(forget_terms, sender=model, dispatch_uid=f"term-memo-deleted-{model.__name__}")
