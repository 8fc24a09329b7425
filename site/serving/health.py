"""GET /healthz: can this site serve? JSON for any Accept header, no sign-in, never cached.

200 while the database answers (the site can serve; other parts may be degraded), 503 when it does not.
Every part reports "ok", "degraded", "down" or "not configured", with a short reason and no data.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from directory import changes

from .heartbeat import STALE_AFTER_SECONDS, last_beat


def _error(exc: Exception) -> str:
    return exc.__class__.__name__  # the class only: a driver's message can quote connection details


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means the site cannot serve
        return {"status": "down", "error": _error(exc)}


def _cache(alias: str = "default") -> dict:
    try:
        cache = caches[alias]
        key = "healthz:probe"
        stamp = str(time.time())
        cache.set(key, stamp, 30)
        ok = cache.get(key) == stamp
        backend = settings.CACHES[alias]["BACKEND"].rsplit(".", 1)[-1]
        if not changes.answering(cache):  # a Redis away: its reads are misses, not errors
            return {"status": "down", "backend": backend, "error": "not answering"}
        return {"status": "ok" if ok else "degraded", "backend": backend}
    except Exception as exc:  # noqa: BLE001
        return {"status": "down", "error": _error(exc)}


def _elasticsearch() -> dict:
    from search.backends import configured_backend, elasticsearch_configured

    if not elasticsearch_configured():
        return {"status": "not configured"}
    try:
        backend = configured_backend()
        info = backend.es.options(request_timeout=2).cluster.health()
        state = info.get("status", "unknown")
        return {"status": "ok" if state in ("green", "yellow") else "degraded", "cluster": state}
    except Exception as exc:  # noqa: BLE001
        return {"status": "down", "error": _error(exc)}


def _worker() -> dict:
    try:
        beat = last_beat()
    except Exception as exc:  # noqa: BLE001
        return {"status": "unknown", "error": _error(exc)}
    if beat is None:
        return {"status": "down", "last_heartbeat_seconds": None}
    age = max(0, round(time.time() - beat))
    return {"status": "ok" if age < STALE_AFTER_SECONDS else "down", "last_heartbeat_seconds": age}


def _queues() -> dict:
    from django_tasks_db.models import DBTaskResult

    from referrals.models import Notification
    from search.models import PendingIndexUpdate

    counts = {}
    for name, query in (
        ("pending_index_updates", lambda: PendingIndexUpdate.objects.count()),
        ("outbox_backlog", lambda: Notification.objects.filter(sent_at__isnull=True, failed=False).count()),
        ("tasks_waiting", lambda: DBTaskResult.objects.ready().count()),
    ):
        try:
            counts[name] = query()
        except Exception:  # noqa: BLE001 - unknown while the database is down
            counts[name] = None
    return counts


@never_cache
@require_safe
def healthz(request):
    database = _database()
    body = {
        "database": database,
        "cache": _cache(),
        # The public pages' own cache (settings.PAGES_CACHE): every anonymous page reads it.
        "pages_cache": _cache(settings.PAGES_CACHE),
        "elasticsearch": _elasticsearch(),
        "worker": _worker(),
        **(
            _queues()
            if database["status"] == "ok"
            else {"pending_index_updates": None, "outbox_backlog": None, "tasks_waiting": None}
        ),
    }
    serving = database["status"] == "ok"
    degraded = any(isinstance(v, dict) and v.get("status") in ("down", "degraded", "unknown") for v in body.values())
    body["status"] = "ok" if serving and not degraded else ("degraded" if serving else "down")
    return JsonResponse(body, status=200 if serving else 503)
