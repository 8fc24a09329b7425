"""The fixed top of the page tree: a home page at the site root and the directory index below it."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HomePage

from .models import DirectoryIndexPage


@transaction.atomic
def ensure_site_tree() -> DirectoryIndexPage:
    """Create (once) the home page, the default site and the directory index; return the index."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a flushed database (transactional tests) has lost what Wagtail's migrations made
            Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
            root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
        # Wagtail's migrations leave a placeholder "Welcome" page at the site root: replace it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(instance=HomePage(title=settings.COALITION_NAME, slug="home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=settings.COALITION_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.COALITION_NAME
        site.save()
    index = DirectoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=DirectoryIndexPage(
                title="Directory",
                slug="directory",
                intro="Member organizations of the coalition and the help they offer.",
            )
        )
    return index
