from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("News and events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import review  # noqa: F401  (puts new content sections under Coalition review)
