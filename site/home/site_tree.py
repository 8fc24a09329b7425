"""The fixed top of the page tree: a home page at the site root, served by the default Site."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import HomePage


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Create (once) the home page and the default site pointing at it; return the home page."""
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
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.COALITION_NAME
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.COALITION_NAME
        site.save()
    return home
