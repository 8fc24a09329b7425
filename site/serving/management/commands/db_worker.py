"""`manage.py db_worker`: django-tasks-db's worker, plus a heartbeat that /healthz reads.

This app comes before django_tasks_db in INSTALLED_APPS, so this command replaces the library's one of the
same name; the options and behaviour are the library's.
"""

from django_tasks_db.management.commands.db_worker import Command as LibraryWorkerCommand

from serving.heartbeat import start_heartbeat_thread


class Command(LibraryWorkerCommand):
    def handle(self, *args, **options):
        stop = start_heartbeat_thread()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
