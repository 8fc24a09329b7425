from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "lists"
    verbose_name = "Resource lists"
    default_auto_field = "django.db.models.BigAutoField"
