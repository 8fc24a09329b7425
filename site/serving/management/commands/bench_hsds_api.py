"""Time /api/hsds/services with many services, in a throw-away SQLite copy (a script, not a test).

    python manage.py bench_hsds_api --services 5000 --requests 200

Loads the demo coalition into a temporary database, adds generated services to its organizations up to
--services, then times pages of 50 (with and without filters) and `full=true` pages, cold and from the
cache, through Django's test client (no network). Prints p50/p95 per kind. The dev database is untouched.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

CHILD_FLAG = "BENCH_HSDS_CHILD"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Time the HSDS services endpoint at scale (p50/p95), on a temporary copy of the demo data."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=5000)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if os.environ.get(CHILD_FLAG) != "1":
            return self.run_in_copy(options)
        self.benchmark(options)

    def run_in_copy(self, options):
        workdir = Path(tempfile.mkdtemp(prefix="bench-hsds-"))
        env = dict(
            os.environ,
            **{
                CHILD_FLAG: "1",
                "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "DEBUG": "false",
                "ELASTICSEARCH_URL": "",
            },
        )
        try:
            manage = [sys.executable, "manage.py"]
            for step in (
                ["migrate", "--noinput", "-v", "0"],
                ["createcachetable"],
                ["load_demo", "--no-accounts", "--no-index"],
            ):
                subprocess.run(manage + step, env=env, cwd=settings.BASE_DIR, check=True, stdout=subprocess.DEVNULL)
            argv = manage + [
                "bench_hsds_api",
                "--services",
                str(options["services"]),
                "--requests",
                str(options["requests"]),
                "--seed",
                str(options["seed"]),
            ]
            if subprocess.run(argv, env=env, cwd=settings.BASE_DIR).returncode:
                raise CommandError("The benchmark failed.")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def generate(self, total: int, rng: random.Random) -> int:
        """Add published services in bulk: Page rows with bulk_create, then each ServicePage row alone
        (save_base(raw=True) writes only the child table), then the relations in bulk. Far faster than
        add_child per page, and the same rows a publish would leave (no revisions, which the API never reads)."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import transaction
        from wagtail.models import Page

        from directory.models import Language, Need, OrganizationPage, Population, ServicePage

        organizations = list(OrganizationPage.objects.live().order_by("path"))
        needs, languages = list(Need.objects.all()), list(Language.objects.all())
        populations = list(Population.objects.all())
        content_type = ContentType.objects.get_for_model(ServicePage)
        missing = max(0, total - ServicePage.objects.live().count())
        now = timezone.now()
        with transaction.atomic():
            plans = []
            for n in range(missing):
                org = organizations[n % len(organizations)]
                org.numchild += 1
                slug = f"generated-service-{n}"
                page = Page(
                    title=f"Generated service {n}",
                    draft_title=f"Generated service {n}",
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    locale_id=org.locale_id,
                    depth=org.depth + 1,
                    path=Page._get_path(org.path, org.depth + 1, org.numchild),
                    url_path=f"{org.url_path}{slug}/",
                    first_published_at=now,
                    last_published_at=now,
                )
                plans.append((page, org))
            Page.objects.bulk_create([page for page, _org in plans], batch_size=500)
            for org in organizations:
                Page.objects.filter(pk=org.pk).update(numchild=org.numchild)
            through = {
                name: getattr(ServicePage, name).through for name in ("needs", "languages", "populations", "locations")
            }
            rows = {name: [] for name in through}
            first_location = {org.pk: org.locations.order_by("sort_order").first() for org in organizations}
            for page, org in plans:
                service = ServicePage(
                    page_ptr_id=page.pk, summary="Generated for the benchmark.", intake_24_7=rng.random() < 0.2
                )
                service.__dict__.update({k: v for k, v in page.__dict__.items() if not k.startswith("_")})
                service.save_base(raw=True)
                rows["needs"] += [through["needs"](servicepage_id=page.pk, need=x) for x in rng.sample(needs, 2)]
                rows["languages"] += [
                    through["languages"](servicepage_id=page.pk, language=x) for x in rng.sample(languages, 2)
                ]
                rows["populations"].append(
                    through["populations"](servicepage_id=page.pk, population=rng.choice(populations))
                )
                if first_location[org.pk] is not None:
                    rows["locations"].append(
                        through["locations"](servicepage_id=page.pk, location=first_location[org.pk])
                    )
            for name, items in rows.items():
                through[name].objects.bulk_create(items, batch_size=1000)
        return ServicePage.objects.live().count()

    def benchmark(self, options):
        from django.core.cache import caches
        from django.test import Client, override_settings

        from directory.hsds import taxonomies as tx

        rng = random.Random(options["seed"])
        started = time.perf_counter()
        count = self.generate(options["services"], rng)
        self.stdout.write(f"{count} published services ready in {time.perf_counter() - started:.0f} s.")
        client = Client(HTTP_HOST="127.0.0.1")
        terms = [tx.term_id("coalition-need", code) for code in ("case-management", "emergency-shelter", "medical")]
        pages = max(1, count // 50)
        cache = caches[settings.PAGES_CACHE]  # where the HSDS answers are kept (directory/hsds/cache.py)
        cache.clear()

        def timed(params):
            t0 = time.perf_counter()
            response = client.get("/api/hsds/services", params)
            elapsed = time.perf_counter() - t0
            if response.status_code != 200:
                raise CommandError(f"{params}: HTTP {response.status_code}")
            return elapsed

        kinds = {
            "page of 50": lambda: {"page": rng.randint(1, pages), "per_page": 50},
            "page of 50, need filter": lambda: {"page": 1, "per_page": 50, "taxonomy_term_id": rng.choice(terms)},
            "page of 50, modified_after": lambda: {"page": 1, "per_page": 50, "modified_after": "2020-01-01"},
        }
        rows = []
        # Lists are cached until a publish too: these rows time the work itself, with the cache off.
        with override_settings(HSDS_FULL_CACHE_SECONDS=0):
            for name, make in kinds.items():
                timed(make())  # warm up
                rows.append((f"{name} (uncached)", [timed(make()) for _ in range(options["requests"])]))
        polled = [{"page": p, "per_page": 50} for p in range(1, min(pages, 5) + 1)]
        for params in polled:
            timed(params)  # a partner's first poll after a publish fills the cache
        rows.append(("page of 50, from the cache", [timed(rng.choice(polled)) for _ in range(options["requests"])]))
        full_pages = [{"page": p, "per_page": 50, "full": "true"} for p in range(1, min(pages, 20) + 1)]
        cache.clear()
        rows.append(("full=true, first request (cold)", [timed(p) for p in full_pages]))
        rows.append(("full=true, from the cache", [timed(rng.choice(full_pages)) for _ in range(options["requests"])]))
        self.stdout.write("")
        self.stdout.write(f"| /api/hsds/services, {count} services | p50 | p95 | requests |")
        self.stdout.write("|---|---:|---:|---:|")
        for name, times in rows:
            self.stdout.write(
                f"| {name} | {percentile(times, 0.5) * 1000:.1f} ms | "
                f"{percentile(times, 0.95) * 1000:.1f} ms | {len(times)} |"
            )
