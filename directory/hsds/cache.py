"""`/api/hsds/services` pages from the shared cache, cleared on every publish.

Every form (list, minimal, `full=true`) is a function of the published directory alone, so it is kept until
the next change; a `search=` page is not, because it also depends on the search index, which catches up with
a publish a moment after it (see directory/hsds/views/services.py).

Keys carry a generation number kept in the same cache; any publish, unpublish, move, deletion or live
update of a page bumps it after the commit, so every worker stops serving the old pages at once. An entry
also expires after HSDS_FULL_CACHE_SECONDS.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "hsds-full:generation"


def _fresh_generation() -> int:
    # A lost generation key (evicted, or the cache cleared) must never restart at a number whose pages are
    # still cached: start from the clock in milliseconds, past any number handed out before.
    return int(time.time() * 1000)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        value = cache.get(GENERATION_KEY) or _fresh_generation()
    return int(value)


def clear() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), None)


def clear_after_commit(*args, **kwargs) -> None:
    transaction.on_commit(clear)


def cached_response(request, build):
    """The response `build()` makes for this URL, from the cache when the content has not changed since."""
    lifetime = settings.HSDS_FULL_CACHE_SECONDS
    if lifetime <= 0:
        return build()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"hsds-full:{generation()}:{digest}"
    response = cache.get(key)
    if response is None:
        response = build()
        if response.status_code == 200:
            cache.set(key, response, lifetime)
    return response


def _on_log_entry(sender, instance, created=False, **kwargs):
    if created and str(instance.action).startswith("directory."):
        clear_after_commit()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageLogEntry
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from directory.models import OrganizationPage, ServicePage

    page_published.connect(clear_after_commit, dispatch_uid="hsds-full-published")
    page_unpublished.connect(clear_after_commit, dispatch_uid="hsds-full-unpublished")
    post_page_move.connect(clear_after_commit, dispatch_uid="hsds-full-moved")
    for model in (OrganizationPage, ServicePage):
        post_delete.connect(clear_after_commit, sender=model, dispatch_uid=f"hsds-full-deleted-{model.__name__}")
    # "Update availability" changes the live page without publishing; it is logged as directory.*.
    post_save.connect(_on_log_entry, sender=PageLogEntry, dispatch_uid="hsds-full-live-update")
