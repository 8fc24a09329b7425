from django.apps import AppConfig


def create_cache_tables(sender, using="default", verbosity=1, **kwargs):
    """`migrate` also creates the database cache's table (production's default cache), so a deployment
    that only migrates has a working cache; createcachetable skips tables that exist."""
    from django.conf import settings
    from django.core.management import call_command

    if sender.label != "contenttypes":  # sent once per app with models; this app has none, so once is enough
        return
    if any(c["BACKEND"].endswith("db.DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class ServingConfig(AppConfig):
    name = "serving"
    verbose_name = "Serving: page cache, health, worker heartbeat"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(create_cache_tables, dispatch_uid="serving-create-cache-tables")
