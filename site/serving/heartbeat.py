"""The task worker says it is alive: a timestamp in the shared cache, written every HEARTBEAT_SECONDS."""

import threading
import time

from django.core.cache import cache
from django.db import close_old_connections, connections

HEARTBEAT_KEY = "worker:heartbeat"
HEARTBEAT_SECONDS = 30
STALE_AFTER_SECONDS = 120


def beat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), STALE_AFTER_SECONDS * 5)


def last_beat() -> float | None:
    value = cache.get(HEARTBEAT_KEY)
    return float(value) if value is not None else None


def start_heartbeat_thread(interval: float = HEARTBEAT_SECONDS) -> threading.Event:
    """Beat now and then every `interval` seconds from a daemon thread; set the returned event to stop."""
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                close_old_connections()
                beat()
            except Exception:  # noqa: BLE001 - a missed beat shows in /healthz; the worker goes on
                pass
            finally:
                connections.close_all()
            stop.wait(interval)

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop
