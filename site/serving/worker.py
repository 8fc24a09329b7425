"""The task worker (`manage.py db_worker`): django-tasks-db's, made to survive what a deployment meets.

- The database restarts: the stock worker exits on the first connection error; this one waits and goes on.
- A worker is killed mid-task: its task stays "running" for ever; a sweep queues it again once it has been
  running longer than TASK_STALE_SECONDS (no task here runs nearly that long).
- Operations (issue 16): the same sweep widens placements of active operations left unanswered for the
  operation's widen_after_minutes (referrals.operations.actions.widen_unanswered), so widening never waits
  for the expire_referrals timer.
- Elasticsearch or the mail server was down: the same sweep, every WORKER_SWEEP_SECONDS, applies the index
  updates that waited (search.indexing.drain_pending) and sends the notices that waited
  (referrals.notifications.send_pending), so nothing waits for a command run by hand.

Notices are claimed before sending, and index writes are idempotent (whole documents by id), so a sweep
that overlaps a task, or a second worker, does no harm.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker as stock
from django_tasks_db.models import DBTaskResult

from referrals import notifications
from referrals.models import Operation
from referrals.operations.actions import widen_unanswered
from search import indexing
from search.backends import BackendUnavailable, elasticsearch_configured
from search.models import PendingIndexUpdate

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)


def requeue_stale_tasks(now=None) -> int:
    """Tasks marked running for longer than TASK_STALE_SECONDS: their worker died; queue them again."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.TASK_STALE_SECONDS)
    return DBTaskResult.objects.running().filter(started_at__lt=cutoff).update(status=TaskResultStatus.READY)


def sweep() -> dict[str, int]:
    """One pass of the recovery work. Each part fails on its own without stopping the others or the worker."""
    done = {"requeued": 0, "index_updates": 0, "widened": 0, "notices": 0}

    def drain():
        if elasticsearch_configured() and PendingIndexUpdate.objects.exists():
            try:
                return indexing.drain_pending()
            except BackendUnavailable:
                return 0  # still down: the next sweep tries again
        return 0

    parts = {
        "requeued": requeue_stale_tasks,
        "index_updates": drain,
        "widened": lambda: widen_unanswered() if Operation.objects.active().exists() else 0,
        "notices": lambda: notifications.send_pending() if notifications.has_pending() else 0,
    }
    for name, part in parts.items():
        try:
            done[name] = part()
        except DATABASE_ERRORS as error:
            logger.warning("Worker sweep (%s) skipped: database unavailable (%s).", name, type(error).__name__)
            close_old_connections()
        except Exception as error:  # noqa: BLE001 — one failing part must not stop the others
            logger.warning("Worker sweep (%s) failed: %s", name, type(error).__name__)
    if done["requeued"]:
        logger.warning("Worker sweep queued %s task(s) of a worker that died.", done["requeued"])
    return done


class Sweeper(threading.Thread):
    def __init__(self, every: float):
        super().__init__(name="worker-sweep", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.every):
            try:
                sweep()
            except Exception as error:  # noqa: BLE001 — the sweep must never end the worker
                logger.warning("Worker sweep failed: %s", type(error).__name__)
            finally:
                connections.close_all()


class ResilientWorker(stock.Worker):
    def run(self) -> None:
        sweeper = Sweeper(settings.WORKER_SWEEP_SECONDS) if not self.batch else None
        if sweeper:
            sweep()
            sweeper.start()
        try:
            while True:
                try:
                    return super().run()
                except DATABASE_ERRORS as error:
                    if not self.running:
                        return None
                    logger.warning("Database unavailable (%s); the worker waits and retries.", type(error).__name__)
                    connections.close_all()
                    time.sleep(1)
        finally:
            if sweeper:
                sweeper.stopped.set()
