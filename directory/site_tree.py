"""The directory index: found (or created once) under the root page of Wagtail's default Site."""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Site

from .hooks import bootstrap_root
from .models import DirectoryIndexPage


@transaction.atomic
def ensure_site_tree() -> DirectoryIndexPage:
    """Make sure the site root exists (the bootstrap `home` registers), then the directory index below it;
    return the index."""
    bootstrap_root()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ImproperlyConfigured("There is no default Wagtail site: run `manage.py migrate`.")
    index = DirectoryIndexPage.objects.descendant_of(site.root_page).first()
    if index is None:
        index = site.root_page.add_child(
            instance=DirectoryIndexPage(
                title="Directory",
                slug="directory",
                intro="Member organizations of the coalition and the help they offer.",
            )
        )
    return index
