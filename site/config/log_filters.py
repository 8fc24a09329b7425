"""Keeps the secrets some links carry, and what visitors type, out of the logs.

Django logs the path of every 4xx and 5xx answer (django.request) and of every refused CSRF check
(django.security.csrf). Some paths hold a secret: a shared list's token, a referral's answer link, a listing
confirmation, a password reset. Whoever reads the log must not be able to open them. The filter resolves each
logged path and replaces the URL arguments named in SECRET_ARGUMENTS, so a new link with a `<token>` is covered
without being listed here. A query string (gunicorn's "Error handling request" logs the whole URI) is withheld.

The filter sits on the console handler (settings.LOGGING) and on gunicorn's error log (config/wsgi.py).
"""

import logging
import re

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

SECRET_ARGUMENTS = frozenset({"token", "uidb64"})
SECRET = "[secret]"
WITHHELD = "[path withheld]"
QUERY_WITHHELD = "[query withheld]"


def redact_path(path: str) -> str:
    """The path with its secret segments replaced and its query string (search words, a ZIP code: gunicorn logs
    whole request lines) withheld; a path that does not resolve keeps its segments."""
    path, has_query, _query = path.partition("?")
    query = "?" + QUERY_WITHHELD if has_query else ""
    # Repeated slashes: Django answers "//list/s/<token>/" with a 404 that names it, and resolves only the
    # collapsed form.
    path = re.sub(r"/{2,}", "/", path)
    try:
        # The Spanish pages sit under /es/: resolve in the language the path names.
        with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
            match = resolve(path)
    except Resolver404:
        return path + query
    except Exception:  # noqa: BLE001 - a path we could not check is not written at all
        return WITHHELD
    secrets = {str(match.kwargs[name]) for name in SECRET_ARGUMENTS & match.kwargs.keys()}
    if secrets:
        path = "/".join(SECRET if segment in secrets else segment for segment in path.split("/"))
    return path + query


# A path inside a message's own text (gunicorn's "Invalid request ... 'GET /search/?q=niña HTTP/1.1'", which
# it formats itself): after a space, a quote or the start, up to the next space or quote.
PATH_IN_TEXT = re.compile(r"""(?:(?<=[\s'"])|^)/[^\s'"]*""")


def redact_text(text: str) -> str:
    return PATH_IN_TEXT.sub(lambda found: redact_path(found.group(0)), text)


class RedactSecretPaths(logging.Filter):
    """On a handler or a logger: rewrites the paths of each record, in its arguments (Django, gunicorn's "Error
    handling request %s") or, with none, in its text; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg for arg in record.args
            )
        elif not record.args and isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        return True
