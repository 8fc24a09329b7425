"""Counting attempts in the shared cache, for the public forms' abuse limits (a problem report, texting a list).

One count per key and window, shared by every worker. When the shared cache does not answer (Redis stopped,
unreachable or refusing writes; the database behind the cache table failing), the count is unknown: count()
says so with None, and the form refuses politely, keeping what was typed, instead of failing with a server
error or posting without any limit.
"""

import logging

from django.core.cache import cache
from django.db import Error as DatabaseError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Redis away, read-only after a failover or out of memory; the cache table missing or its connection closed.
UNANSWERED = (RedisError, DatabaseError)
RETRY_AFTER_SECONDS = "60"


def count(key: str, window_seconds: int) -> int | None:
    """Count one more attempt under key (the window starts with the first one); the total so far, or None
    when the shared cache does not answer."""
    try:
        cache.add(key, 0, window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # the count expired between add and incr: this attempt starts a new window
            cache.set(key, 1, window_seconds)
            return 1
    except UNANSWERED as exc:
        log.warning("The shared cache did not answer (%s): an attempt could not be counted.", type(exc).__name__)
        return None


def uncounted(response):
    """The answer of a form whose attempt could not be counted (its 503 page): when to try again."""
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
