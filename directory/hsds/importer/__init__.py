"""Import HSDS 3.0 data into the directory, all or nothing.

The input is read and validated whole before anything is written; the writing itself runs in one
transaction, so a problem found late still leaves the database as it was. Objects are matched on their
HSDS ids, and an object whose mapped values are already ours is left alone (no new page revision).

Three steps, one module each: `read` (parse and validate), `plan` (map and check), `write` (one transaction).
"""

from functools import partial
from pathlib import Path

from django.db import transaction

from directory.hooks import bulk_writing, pages_imported

from .read import HSDSImportError, parse, read
from .write import Importer, ImportReport

__all__ = ["HSDSImportError", "ImportReport", "Importer", "import_objects", "import_path", "parse", "read"]


def import_path(path, progress=None, dry_run=False) -> ImportReport:
    organizations, services = read(Path(path))
    return import_objects(organizations, services, progress=progress, dry_run=dry_run)


def _announce_import(report: ImportReport, page_ids: list[int]) -> None:
    for _receiver, summary in pages_imported.send(sender=Importer, page_ids=page_ids):
        if isinstance(summary, dict):
            report.indexed.append(summary)
        elif isinstance(summary, list):
            report.indexed.extend(summary)


class _DryRun(Exception):
    pass


def import_objects(organizations, services, progress=None, dry_run=False) -> ImportReport:
    importer = Importer(progress=progress)
    if not dry_run:
        with bulk_writing():  # indexed in bulk below, not page by page
            report = importer.run(organizations, services)
        # A moved service too: its old document is under its old organization, which may not be in the import.
        page_ids = sorted({page.pk for page in importer.orgs.values()} | importer.moved_services)
        if page_ids:
            # Index what was imported in bulk once it is committed: at once when the import is its own
            # transaction (the command: searchable when it returns, no worker needed); when an outer
            # transaction commits otherwise, and never when that one is rolled back.
            transaction.on_commit(partial(_announce_import, report, page_ids))
        return report
    try:
        with transaction.atomic():
            importer.run(organizations, services)
            raise _DryRun
    except _DryRun:
        return importer.report
