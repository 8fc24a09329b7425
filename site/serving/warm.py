"""Work every worker would otherwise do on its first request, done once in the process that forks them.

gunicorn loads the application in its master (`preload_app`, deploy/gunicorn.conf.py) and forks the workers
from it; it also replaces each worker after `max_requests`. Without this, every new worker spent about half a
second on its first request, whatever the page (even one served from the page cache): importing the URL
configuration (Wagtail's admin registers its views there), building the URL resolvers of each language,
compiling templates and reading the translation catalogs. A forked worker inherits all of it.

Nothing here opens a database connection: a connection made before the fork would be shared by every worker.
"""

from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation

from directory.geocode import load_zip_table


def warm_up() -> None:
    load_zip_table()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")  # reads this language's catalogs
            # Builds the resolvers' reverse maps for this language, then their patterns.
            resolver.resolve(reverse("search:search"))
    for name in project_templates():
        try:
            engines["django"].get_template(name)  # kept by Django's cached loader
        except TemplateSyntaxError:
            pass  # a broken template fails where it is used, with its page's context; not at start-up


def project_templates() -> list[str]:
    """The names of the project's own templates (the public pages, referrals, e-mails)."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    return names
