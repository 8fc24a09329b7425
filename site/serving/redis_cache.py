"""Django's Redis cache, for a site that must stay up when Redis does not.

Every public page reads the shared cache: Wagtail's site root paths, the directory's generation, the page
cache. With Django's backend as it is, a Redis that is stopped or unreachable fails every page. Here a read
that cannot reach Redis is a miss and a write is skipped, so pages are made afresh. After a failure this
process does not ask Redis again for RETRY_SECONDS: a Redis that does not answer costs one timeout per
process and interval, not one per operation.

Counting (incr, decr) and clear still raise, at once while Redis is known to be away: a count that silently
started again, or a directory change silently not announced, would be wrong; their callers decide
(directory/changes.py owes the change and announces it once Redis answers).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 2.0
# Per process and server (Django makes one backend object per thread): monotonic time until which it is away.
_away_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    def answering(self) -> bool:
        """False for RETRY_SECONDS after Redis last failed to answer."""
        return time.monotonic() >= _away_until.get(self._server_key, 0.0)

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def _unreachable(self, exc: Exception) -> None:
        if self.answering():
            log.warning("Redis did not answer (%s): serving without the shared cache for now.", type(exc).__name__)
        _away_until[self._server_key] = time.monotonic() + RETRY_SECONDS

    def _or(self, fallback, method, *args, **kwargs):
        if not self.answering():
            return fallback
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as exc:
            self._unreachable(exc)
            return fallback

    def _strict(self, method, *args, **kwargs):
        if not self.answering():
            raise RedisConnectionError("Redis did not answer a moment ago")
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as exc:
            self._unreachable(exc)
            raise

    # Reads: a miss.
    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    # Writes: skipped.
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, super().delete_many, keys, version)

    # Counts and clearing: raise.
    def incr(self, key, delta=1, version=None):
        return self._strict(super().incr, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._strict(super().decr, key, delta, version)

    def clear(self):
        return self._strict(super().clear)
