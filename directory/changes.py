"""One number that moves whenever what the public sees of the directory changes.

Publish, unpublish, move, deletion of any page, a site's change, and the live updates that skip publishing ("Update
availability", "Confirm listing": logged as `directory.*`) bump it after the commit. It lives in the shared
cache, so every worker sees it; the public page cache (site/serving/page_cache.py) and the HSDS API's cache
(directory/hsds/cache.py) put it in their keys, so one bump makes every cached answer stale at once.

Each process remembers the number for at most GENERATION_MEMO_SECONDS, so a cache hit costs one cache read,
not two; a change made in another worker still shows within that time (issue 12 asks for 1 s).
"""

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "directory:generation"
GENERATION_MEMO_SECONDS = 0.5
_memo = {"value": None, "read_at": 0.0}


def generation() -> int:
    now = time.monotonic()
    if _memo["value"] is not None and now - _memo["read_at"] < GENERATION_MEMO_SECONDS:
        return _memo["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        value = cache.get(GENERATION_KEY) or _fresh_generation()
    _memo.update(value=int(value), read_at=now)
    return int(value)


def _fresh_generation() -> int:
    # A lost generation key (evicted, or the cache cleared) must never restart at a number whose answers are
    # still cached: start from the clock in milliseconds, which is past any number handed out before.
    return int(time.time() * 1000)


def bump() -> None:
    """Make every cached public answer stale on every worker."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), None)
    forget()


def forget() -> None:
    """Drop this process's memory of the number (the next read goes to the shared cache)."""
    _memo.update(value=None, read_at=0.0)


def bump_after_commit(*args, **kwargs) -> None:
    # After the commit: a worker that re-renders in between must already see the new content.
    transaction.on_commit(bump)


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageLogEntry, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(bump_after_commit, dispatch_uid="directory-changed-published")
    page_unpublished.connect(bump_after_commit, dispatch_uid="directory-changed-unpublished")
    post_page_move.connect(bump_after_commit, dispatch_uid="directory-changed-moved")
    post_delete.connect(_on_page_deleted, dispatch_uid="directory-changed-deleted")
    post_save.connect(_on_log_entry, sender=PageLogEntry, dispatch_uid="directory-changed-live-update")
    # A site's host name, port or root page is in every page's URL.
    post_save.connect(bump_after_commit, sender=Site, dispatch_uid="directory-changed-site-saved")
    post_delete.connect(bump_after_commit, sender=Site, dispatch_uid="directory-changed-site-deleted")


def _on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump_after_commit()


def _on_log_entry(sender, instance, created=False, **kwargs):
    if created and str(instance.action).startswith("directory."):
        bump_after_commit()
