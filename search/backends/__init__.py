"""Choosing the backend: Elasticsearch when ELASTICSEARCH_URL is set, the embedded one otherwise.

SEARCH_BACKEND (a dotted path) may name another class; nothing outside search/ picks one itself.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import BackendUnavailable, IndexHealth, RawSearchResults, SearchBackend

DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"

__all__ = [
    "BackendUnavailable",
    "IndexHealth",
    "RawSearchResults",
    "SearchBackend",
    "configured_backend",
    "database_backend",
    "elasticsearch_configured",
]


def elasticsearch_configured() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def configured_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or (ELASTICSEARCH if elasticsearch_configured() else DATABASE)
    return import_string(path)()


def database_backend() -> SearchBackend:
    return import_string(DATABASE)()
