"""One number that moves whenever what the public sees of the directory changes.

Publish, unpublish, move, deletion of any page, a site's change, and the live updates that skip publishing ("Update
availability", "Confirm listing": logged as `directory.*`) bump it after the commit. It lives in the shared
cache, so every worker sees it; the public page cache (site/serving/page_cache.py) and the HSDS API's cache
(directory/hsds/cache.py) put it in their keys, so one bump makes every cached answer stale at once.

Each process remembers the number for at most GENERATION_MEMO_SECONDS, so a cache hit costs one cache read,
not two; a change made in another worker still shows within that time (issue 12 asks for 1 s).

When the shared cache cannot be reached (Redis stopped, say), the number is unknown (None): the caches that
use it step aside and every answer is made afresh, so the public site stays up, uncached. A bump that could
not be written is owed, and so is one by every process that found the cache away: each pays it as soon as the
cache answers again, before it reads the number. A bump that could not be written is also queued in the
database for the task worker (take_over_bump; once a process until it is paid, however many pages an import
publishes), which pays it, or, while the cache is still away, queues it again TAKE_OVER_RETRY_SECONDS later. So a
change committed meanwhile, even by a command that has since exited (an import) while no web worker served a
page, is not hidden by an answer kept from before it, and a restart of the worker does not lose it.
"""

import logging
import time
from datetime import timedelta

from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

GENERATION_KEY = "directory:generation"
GENERATION_MEMO_SECONDS = 0.5
# value None with read_at set: the cache did not answer then; asked again once the memo has passed.
# handed_over: this process has queued its debt for the task worker (take_over_bump) and not paid it since.
_memo = {"value": None, "read_at": 0.0, "bump_owed": False, "handed_over": False}
TAKE_OVER_RETRY_SECONDS = 30


def generation() -> int | None:
    """The current number, or None while the shared cache cannot be reached (cache nothing then)."""
    now = time.monotonic()
    if _memo["read_at"] and now - _memo["read_at"] < GENERATION_MEMO_SECONDS:
        return _memo["value"]
    try:
        if _memo["bump_owed"]:
            _bump()
        value = cache.get(GENERATION_KEY)
        if not answering():
            raise ConnectionError("the shared cache is away")
        if value is None:
            cache.add(GENERATION_KEY, _fresh_generation(), None)
            value = cache.get(GENERATION_KEY) or _fresh_generation()
    except Exception as exc:  # noqa: BLE001 - any failure of the cache backend: serve uncached
        log.warning("The shared cache did not answer (%s): pages are served uncached.", type(exc).__name__)
        # Whatever changed meanwhile (here or in another process) may not have been announced: announce it.
        _memo.update(value=None, read_at=now, bump_owed=True)
        return None
    _memo.update(value=int(value), read_at=now)
    return int(value)


def answering(backend=cache) -> bool:
    """False while a cache backend knows its server is away (a read there is a miss, not an error: see
    site/serving/redis_cache.py); the other backends raise instead."""
    known = getattr(backend, "answering", None)
    return known() if known is not None else True


def cached(alias: str, key: str):
    """What the cache `alias` holds under `key`, or None, also when it cannot be reached: for the caches keyed by
    the generation (public pages, HSDS answers), whose failure must cost a visitor nothing but speed."""
    try:
        return caches[alias].get(key)
    except Exception as exc:  # noqa: BLE001 - any failure of the cache backend is a miss
        log.warning("The cache %r did not answer (%s): serving uncached.", alias, type(exc).__name__)
        return None


def keep(alias: str, key: str, value, lifetime: float) -> bool:
    """Store an answer in the cache `alias`; False (and only served, not kept) when it cannot be reached."""
    try:
        caches[alias].set(key, value, lifetime)
    except Exception as exc:  # noqa: BLE001 - any failure of the cache backend
        log.warning("The cache %r did not answer (%s): the answer was not kept.", alias, type(exc).__name__)
        return False
    return True


def _fresh_generation() -> int:
    # A lost generation key (evicted, or the cache cleared) must never restart at a number whose answers are
    # still cached: start from the clock in milliseconds, which is past any number handed out before.
    return int(time.time() * 1000)


def bump() -> None:
    """Make every cached public answer stale on every worker. Never fails the change that called it: when the
    cache cannot be reached, the bump is owed (see generation())."""
    try:
        _bump()
    except Exception as exc:  # noqa: BLE001 - the change is committed; the caches step aside until it is paid
        log.error("The shared cache did not answer (%s): the directory's change is owed to it.", type(exc).__name__)
        _memo["bump_owed"] = True
        _hand_over_debt()
    forget()


def _hand_over_debt() -> None:
    """Queue the debt in the database for the task worker, which outlives this process (a command exits); once
    a process until it is paid, however many pages an import publishes meanwhile."""
    if not _memo["handed_over"] and _queue_take_over():
        _memo["handed_over"] = True


def _queue_take_over(delay: float = 0) -> bool:
    queued = take_over_bump
    if delay:
        if not queued.get_backend().supports_defer:
            return False  # the tests' immediate backend: the debt stays in this process's memory
        queued = queued.using(run_after=timezone.now() + timedelta(seconds=delay))
    try:
        queued.enqueue()
    except Exception as exc:  # noqa: BLE001 - this process still owes it
        log.error("The owed change could not be queued for the task worker (%s).", type(exc).__name__)
        return False
    return True


@task()
def take_over_bump() -> None:
    """In the task worker: a change another process could not announce. Paid now if the cache answers;
    otherwise queued again for TAKE_OVER_RETRY_SECONDS later, so the database keeps the debt until it is paid,
    whatever becomes of this worker meanwhile."""
    try:
        _bump()
    except Exception:  # noqa: BLE001 - the cache is still away
        _memo["bump_owed"] = True
        _queue_take_over(delay=TAKE_OVER_RETRY_SECONDS)
    forget()


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), None)
    _memo.update(bump_owed=False, handed_over=False)


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
