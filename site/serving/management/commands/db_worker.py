"""`manage.py db_worker`: django-tasks-db's worker, surviving database restarts and dead workers
(serving/worker.py), plus a heartbeat that /healthz reads.

This app comes before django_tasks_db in INSTALLED_APPS, so this command replaces the library's one of the
same name; the options are the library's.
"""

from django_tasks_db.management.commands import db_worker as stock

from serving.heartbeat import beat, start_heartbeat_thread
from serving.worker import ResilientWorker


class Command(stock.Command):
    help = "Run the background worker (django-tasks-db's, surviving database restarts and dead workers)"

    def handle(self, *args, **options):
        stock.Worker = ResilientWorker  # the stock command builds its worker from this module name
        if options.get("batch"):
            beat()  # one pass and out: no thread to outlive it
            return super().handle(*args, **options)
        stop = start_heartbeat_thread()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
