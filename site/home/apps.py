from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages"

    def ready(self):
        from directory.hooks import provide_root_bootstrap

        from .site_tree import ensure_home_page

        provide_root_bootstrap(ensure_home_page)
