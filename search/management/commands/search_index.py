from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.backends import BackendUnavailable


class Command(BaseCommand):
    help = "Rebuild the search index (--rebuild) or report its health (--check; --fix repairs it)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild every backend's index from the pages.")
        parser.add_argument("--check", action="store_true", help="Report documents missing, out of date or extra.")
        parser.add_argument(
            "--fix",
            action="store_true",
            help="With --check: write what is missing or stale and apply updates that waited for Elasticsearch.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, rebuild=False, check=False, fix=False, no_progress=False, **options):
        if not (rebuild or check):
            raise CommandError("Say --rebuild or --check.")
        if rebuild:

            def progress(name, total):
                return tqdm(
                    total=total,
                    desc=f"Indexing ({name})",
                    unit="service",
                    disable=no_progress,
                    file=getattr(self.stderr, "_out", None),
                )

            try:
                counts = indexing.rebuild(progress)
            except BackendUnavailable as exc:
                raise CommandError(f"Rebuild failed: {exc}. The embedded index was rebuilt.") from exc
            for name, count in counts.items():
                self.stdout.write(self.style.SUCCESS(f"Search index rebuilt ({name}): {count} services."))
        if check:
            healthy = True
            for health in indexing.check(fix=fix):
                healthy &= health.healthy
                if not health.reachable:
                    self.stdout.write(self.style.ERROR(f"{health.backend}: unreachable ({health.detail})"))
                    continue
                line = (
                    f"{health.backend}: index {health.index_name or '-'}, {health.documents} documents, "
                    f"{len(health.missing)} missing, {len(health.stale)} out of date, "
                    f"{len(health.extra)} extra, {health.pending} pending updates"
                )
                self.stdout.write((self.style.SUCCESS if health.healthy else self.style.WARNING)(line))
            if not healthy:
                raise CommandError(
                    "The search index is not healthy" + ("." if fix else " (run with --fix to repair it).")
                )
