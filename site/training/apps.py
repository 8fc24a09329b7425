from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import privacy  # noqa: F401  (every training page and its documents private from creation)
