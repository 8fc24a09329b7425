import functools

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from directory import changes

# {(host, language): url} of the directory page, for one generation of the directory (directory/changes.py).
_directory_urls = {"generation": None, "urls": {}}


def _directory_url(request=None):
    """The directory page's URL, read once per process for each generation of the directory: a publish, move or
    site change starts a new generation. Without the page cache (tests), read every time."""
    if not settings.PAGE_CACHE_SECONDS or request is None:
        return _read_directory_url(request)
    generation = changes.generation()
    if generation is None:  # the shared cache does not answer: nothing is known to be current
        return _read_directory_url(request)
    if _directory_urls["generation"] != generation:
        _directory_urls.update(generation=generation, urls={})
    key = (request.get_host(), get_language())
    urls = _directory_urls["urls"]
    if key not in urls:
        if len(urls) >= 64:  # a bound, should many host names reach this process
            urls.clear()
        urls[key] = _read_directory_url(request)
    return urls[key]


def _read_directory_url(request):
    from directory.locales import in_source_locale
    from directory.models import DirectoryIndexPage

    directory = (
        DirectoryIndexPage.objects.live().filter(in_source_locale()).only("id", "path", "url_path", "locale_id").first()
    )
    # With the request, Wagtail reads the sites' root paths once per request (a shared-cache round trip).
    return directory.get_url(request) if directory else ""


def site_chrome(request):
    """What every page's header and footer need: names, emergency numbers, exit and language links."""
    path = request.get_full_path() if request else "/"
    return {
        "coalition_name": settings.COALITION_NAME,
        "hotline_phone": "1-888-373-7888",
        "hotline_text": "233733",
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "english_url": translate_url(path, "en"),
        "spanish_url": translate_url(path, "es"),
        # A callable, so the query runs only in templates that show the link, and once however often they do.
        "directory_url": functools.cache(functools.partial(_directory_url, request)),
        # Whether a session cookie came, read without touching the session (which would add "Vary: Cookie" and
        # stop caches sharing anonymous pages) and without a failed template lookup (whose DEBUG log record
        # carried the page's context, search words included).
        "has_session_cookie": bool(request and settings.SESSION_COOKIE_NAME in request.COOKIES),
    }
