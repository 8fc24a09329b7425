"""manage.py export_hsds OUTDIR: the published directory as HSDS 3.0 (services.json and a data package)."""

from django.core.management.base import BaseCommand

from directory.hsds.exporter import export_to


class Command(BaseCommand):
    help = "Write OUTDIR/services.json (full HSDS services) and a tabular data package (datapackage.json + CSVs)."

    def add_arguments(self, parser):
        parser.add_argument("outdir")

    def handle(self, outdir, **options):
        counts = export_to(outdir)
        self.stdout.write(
            f"Wrote {counts['services.json']} services, {counts['organizations.csv']} organizations and "
            f"{counts['locations.csv']} locations to {outdir}"
        )
