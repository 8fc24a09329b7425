"""Import HSDS 3.0 data into the directory, all or nothing.

The input is read and validated whole before anything is written; the writing itself runs in one
transaction, so a problem found late still leaves the database as it was. Objects are matched on their
HSDS ids, and an object whose mapped values are already ours is left alone (no new page revision).

Three steps, one module each: `read` (parse and validate), `plan` (map and check), `write` (one transaction).
"""

from pathlib import Path

from django.db import transaction

from .read import HSDSImportError, parse, read
from .write import Importer, ImportReport

__all__ = ["HSDSImportError", "ImportReport", "Importer", "import_objects", "import_path", "parse", "read"]


def import_path(path, progress=None, dry_run=False) -> ImportReport:
    organizations, services = read(Path(path))
    return import_objects(organizations, services, progress=progress, dry_run=dry_run)


class _DryRun(Exception):
    pass


def import_objects(organizations, services, progress=None, dry_run=False) -> ImportReport:
    importer = Importer(progress=progress)
    if not dry_run:
        return importer.run(organizations, services)
    try:
        with transaction.atomic():
            importer.run(organizations, services)
            raise _DryRun
    except _DryRun:
        return importer.report
