"""What the layers above the directory plug into it, so that the directory imports none of them.

- `listing_changed`: sent when a listing changes without a Wagtail publish (availability updated at once);
  `search` subscribes to it and reindexes the page; `pages_imported`: sent after an HSDS import, so `search`
  writes the imported services' documents in bulk before the import returns.
- `bulk_writing()`: around a bulk write of pages (an HSDS import, the demo load) that indexes them in one go
  afterwards; `search` then queues no one-page index update for each page it publishes.
- the text search behind the HSDS API's `search` parameter: `search` provides it in its AppConfig.ready().
- the site root: `home` provides the bootstrap that creates the home page and the default Site, under whose
  root page the directory index lives.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

# Sent with `page_id` (an OrganizationPage or ServicePage id) inside the transaction that changes the listing.
# A receiver that updates something outside the database does it with transaction.on_commit, so a change that
# is rolled back reaches nothing.
listing_changed = Signal()

# Sent once when a bulk (HSDS) import has committed (from transaction.on_commit), with `page_ids`: the
# organization pages it wrote or confirmed, and the service pages it moved to another organization. A receiver
# that keeps an index returns a short summary (`{"backend": name, "documents": n}` or a list of them), which the
# import reports to its caller.
pages_imported = Signal()

# True inside bulk_writing().
_bulk_writing = ContextVar("directory_bulk_writing", default=False)


@contextmanager
def bulk_writing():
    """Pages published inside are indexed afterwards in bulk by the writer (`pages_imported` after an import,
    a rebuild after the demo load), so the per-page index updates their publishes would queue are redundant:
    thousands of them, each waiting up to a second for Elasticsearch, held the worker for an hour."""
    token = _bulk_writing.set(True)
    try:
        yield
    finally:
        _bulk_writing.reset(token)


def bulk_writing_now() -> bool:
    return _bulk_writing.get()


_text_search: Callable[[str], list[str]] | None = None
_root_bootstraps: list[Callable[[], object]] = []


def provide_text_search(func: Callable[[str], list[str]]) -> None:
    """Register the function that turns search text into the HSDS ids of matching published services."""
    global _text_search
    _text_search = func


def service_hsds_ids_for_text(text: str) -> list[str]:
    if _text_search is None:
        raise ImproperlyConfigured("No text search is registered: is the 'search' app installed?")
    return _text_search(text)


def provide_root_bootstrap(func: Callable[[], object]) -> None:
    """Register a function that makes sure the default Site and its root page exist (idempotent)."""
    if func not in _root_bootstraps:
        _root_bootstraps.append(func)


def bootstrap_root() -> None:
    for func in _root_bootstraps:
        func()
