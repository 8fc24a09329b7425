"""manage.py import_hsds PATH: import HSDS 3.0 JSON or a tabular data package, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.hsds.importer import HSDSImportError, import_path
from directory.hsds.schemas import SchemaUnavailable


class Command(BaseCommand):
    help = (
        'Import HSDS 3.0 data: a JSON file (a service, a list of services, a paginated {"contents": [...]} '
        "page, or organizations with nested services) or a folder holding a tabular data package "
        "(datapackage.json + CSVs). Objects are created or updated by their HSDS id; a file that fails "
        "validation writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report, then write nothing.")

    def handle(self, path, dry_run=False, verbosity=1, **options):
        def progress(items, desc=""):
            items = list(items)
            # A bar only where it helps: big files, on a terminal, when not asked to be quiet.
            return tqdm(items, desc=desc, unit="", leave=False, disable=verbosity < 1 or len(items) < 50 or None)

        if not Path(path).exists():
            raise CommandError(f"{path}: no such file or folder")
        try:
            report = import_path(path, progress=progress, dry_run=dry_run)
        except SchemaUnavailable as error:
            # The installation is broken, not the input: name the schema, never blame the file.
            raise CommandError(f"Nothing was imported. {error}") from None
        except HSDSImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(prefix + ("; ".join(report.lines()) or "Nothing to import."))
