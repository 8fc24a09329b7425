"""Anonymous public pages from the shared cache, per language, never stale.

A GET or HEAD without a session cookie, for a public path, is answered from Django's cache when an entry
exists. A response is stored only when it is a plain 200 for such a request, sets no cookie and does not
ask to stay private. Keys carry the directory's generation number (directory/changes.py), which a publish,
unpublish, move, deletion, "Update availability" or "Confirm listing" bumps after the commit, so every
worker stops serving the old entries at once. An entry lives at most PAGE_CACHE_SECONDS and never past the next
opening or closing time of any service, so an "open now" badge is never stale.

The language is part of the path (/es/...), so the path is the key: nothing a visitor sends besides the
path and the host chooses what is served.

Each worker also keeps the pages it served in its own memory for LOCAL_SECONDS (as long as it trusts the
generation it read), so a popular page costs no round trip to the shared cache at all; a change still shows
on every worker within that time.
"""

import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from directory import changes
from directory.http import carries_typed_input

# Never cached, in either language: private areas, the machine API (HSDS aside), the admin, health.
PRIVATE_PREFIXES = (
    "/referrals/",
    "/accounts/",
    "/directory-members/",
    "/admin/",
    "/api/",
    "/healthz",
    "/documents/",
    "/i18n/",
    "/static/",
    "/media/",
)
PUBLIC_API_PREFIX = "/api/hsds/"


def pages():
    """The cache the pages live in (settings.PAGES_CACHE): apart from rate limits and the generation, so that
    many pages never push those out."""
    return caches[settings.PAGES_CACHE]


def _strip_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
    return path


def never_stored(request) -> bool:
    """A request whose answer no cache may keep, known before the view runs: one carrying what a visitor typed
    (words, a ZIP code), which the page shows (the search page, a need listing sorted by distance: both send it
    with "no-store"). No lookup for it: the page cache's round trip would find nothing, every time."""
    return carries_typed_input(request.GET)


def cacheable_path(path: str) -> bool:
    if path.startswith(PUBLIC_API_PREFIX):
        return False  # the HSDS API keeps its own cache (ETags, `full=true`); see directory/hsds/views/
    bare = _strip_language(path)
    return not bare.startswith(PRIVATE_PREFIXES) and not path.startswith(PRIVATE_PREFIXES)


# The directory's generation (shared by every worker), and how long each process trusts what it read.
GENERATION_KEY = changes.GENERATION_KEY
GENERATION_MEMO_SECONDS = changes.GENERATION_MEMO_SECONDS
generation = changes.generation


def clear() -> None:
    """Make every cached page stale on every worker (what a publish does, through directory/changes.py)."""
    changes.bump()
    forget_local()


def forget_local() -> None:
    """Drop this process's memory of the generation and of the pages it served."""
    changes.forget()
    _edge[0] = (None, None)
    with _local_lock:
        _local.clear()


# This process's copies: key -> (monotonic deadline, entry). Kept no longer than the
# generation is trusted, and never past the entry's own lifetime (the next opening-hours edge).
LOCAL_SECONDS = GENERATION_MEMO_SECONDS
LOCAL_MAX_ENTRIES = 500
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()  # a threaded server (runserver, gunicorn threads) shares these between requests


def _entry(response) -> tuple:
    """What is kept of a response: status, headers (saying "hit" when served again) and the body, compressed.
    A search page is ~23 kB of HTML and ~5 kB compressed: less to write to the shared cache on every miss."""
    headers = {**dict(response.items()), "X-Page-Cache": "hit"}
    return (response.status_code, headers, zlib.compress(response.content, 1))


def _response(entry) -> HttpResponse:
    # A new response each time: outer middleware and the server add to it, and it must not carry over.
    status, headers, body = entry
    return HttpResponse(zlib.decompress(body), status=status, headers=headers)


def _local_get(key: str):
    found = _local.get(key)
    if found is None:
        return None
    deadline, entry = found
    if time.monotonic() >= deadline:
        with _local_lock:
            _local.pop(key, None)
        return None
    return _response(entry)


def _local_put(key: str, entry: tuple, lifetime: float) -> None:
    now = time.monotonic()
    with _local_lock:
        _local[key] = (now + min(LOCAL_SECONDS, lifetime), entry)
        _local.move_to_end(key)
        while _local and (len(_local) > LOCAL_MAX_ENTRIES or next(iter(_local.values()))[0] <= now):
            _local.popitem(last=False)  # the oldest first: over the limit, or already past its time


# In the key: entries of this format (status, headers, compressed body). The release before kept pickled
# responses under page-cache:<generation>:<digest> and would fail on a tuple read there (after a rollback).
ENTRY_FORMAT = "z1"


def _key(request, gen: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"page-cache:{ENTRY_FORMAT}:{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


def seconds_until_hours_change(now=None) -> int | None:
    """Seconds until any service's "open now" can change (the next opening or closing edge), or None."""
    from directory import hours
    from directory.models import ServiceSchedule

    periods = {
        hours.Period(w, o, c)
        for w, o, c in ServiceSchedule.objects.values_list("weekday", "opens_at", "closes_at").distinct()
    }
    now = now or hours.site_now()
    change = hours.next_change(periods, now)
    if change is None:
        return None
    return max(1, int((change - now) / timedelta(seconds=1)))


# The next opening-hours edge, worked out once per generation (hours change only by a publish or a live
# update, both of which move the generation on) and again once it has passed.
# One (generation, epoch seconds or None) pair, replaced whole, so a concurrent reader never sees half of it.
_edge = [(None, None)]


def _lifetime(gen: int) -> float:
    """How long a page may be kept from now: PAGE_CACHE_SECONDS, and never past the next hours edge."""
    now = time.time()
    known, at = _edge[0]
    if known != gen or (at is not None and now >= at):
        until_change = seconds_until_hours_change()
        at = None if until_change is None else now + until_change
        _edge[0] = (gen, at)
    lifetime = settings.PAGE_CACHE_SECONDS
    return lifetime if at is None else max(1, min(lifetime, int(at - now)))


def _anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META


class AnonymousPageCacheMiddleware:
    """Sits right after SecurityMiddleware: a hit skips sessions, auth and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or not _anonymous(request)
            or not cacheable_path(request.path_info)
            or never_stored(request)
        ):
            return self.get_response(request)
        gen = generation()
        if gen is None:  # the shared cache does not answer: serve the page afresh (directory/changes.py)
            return self.get_response(request)
        key = _key(request, gen)
        local = _local_get(key)
        if local is not None:
            return local
        cached = changes.cached(settings.PAGES_CACHE, key)
        if isinstance(cached, tuple):
            _local_put(key, cached, _lifetime(gen))
            return _response(cached)
        response = self.get_response(request)
        if self._storable(request, response):
            lifetime = _lifetime(gen)
            response["X-Page-Cache"] = "miss"

            def store(rendered):
                entry = _entry(rendered)
                if changes.keep(settings.PAGES_CACHE, key, entry, lifetime):
                    _local_put(key, entry, lifetime)

            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(store)
            else:
                store(response)
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        if session is not None and (session.modified or not session.is_empty()):
            return False
        control = response.get("Cache-Control", "").lower()
        return not any(word in control for word in ("private", "no-store", "no-cache"))
