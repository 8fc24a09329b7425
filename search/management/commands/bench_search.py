"""Benchmark both search backends on generated data, in a throw-away copy of the database.

    python manage.py bench_search --services 5000 --queries 200 [--backends database,elasticsearch]

Prints figures (not a test). The dev database is never touched: the command re-runs itself on a
temporary SQLite copy and, for Elasticsearch, under its own index prefix that it deletes afterwards.
"""

import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHILD_FLAG = "BENCH_SEARCH_CHILD"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Time indexing, public searches and matching requests on each available backend."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=5000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--backends", default="database,elasticsearch")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if os.environ.get(CHILD_FLAG) != "1":
            return self.run_in_copy(options)
        self.benchmark(options)

    def run_in_copy(self, options):
        database = settings.DATABASES["default"]
        workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
        copy = workdir / "bench.sqlite3"
        env = dict(os.environ, **{CHILD_FLAG: "1", "DATABASE_URL": f"sqlite:///{copy}"})
        try:
            if database["ENGINE"].endswith("sqlite3"):
                shutil.copy(database["NAME"], copy)
            else:
                subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True)
            argv = [
                sys.executable,
                "manage.py",
                "bench_search",
                "--services",
                str(options["services"]),
                "--queries",
                str(options["queries"]),
                "--backends",
                options["backends"],
                "--seed",
                str(options["seed"]),
            ]
            result = subprocess.run(argv, env=env, cwd=settings.BASE_DIR)
            if result.returncode:
                raise CommandError("The benchmark failed.")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def benchmark(self, options):
        from search import service
        from search.backends import database_backend
        from search.sample import WORDS, generate_documents, random_match_request, random_search_kwargs

        count, queries = options["services"], options["queries"]
        wanted = [b.strip() for b in options["backends"].split(",") if b.strip()]
        started = time.perf_counter()
        docs = generate_documents(count, seed=options["seed"])
        self.stdout.write(
            f"Generated {count} services in {time.perf_counter() - started:.1f} s "
            f"({os.cpu_count()} CPUs). Queries per kind: {queries}."
        )
        es_url = settings.ELASTICSEARCH_URL or os.environ.get("TEST_ELASTICSEARCH_URL", "")
        rows = []
        for name in wanted:
            if name == "database":
                settings.ELASTICSEARCH_URL = ""
                backend = database_backend()
            elif name == "elasticsearch":
                if not es_url:
                    self.stdout.write("elasticsearch: skipped (no ELASTICSEARCH_URL or TEST_ELASTICSEARCH_URL).")
                    continue
                from search.backends.elasticsearch import ElasticsearchBackend

                settings.ELASTICSEARCH_URL = es_url
                settings.ELASTICSEARCH_INDEX_PREFIX = f"bench-{secrets.token_hex(3)}"
                backend = ElasticsearchBackend()
            else:
                raise CommandError(f"Unknown backend {name!r}.")
            try:
                started = time.perf_counter()
                backend.rebuild(iter(docs))
                index_seconds = time.perf_counter() - started
                rng = random.Random(options["seed"])
                search_times, match_times = [], []
                for _ in range(queries):
                    kwargs = random_search_kwargs(rng)
                    text = rng.choice(WORDS).lower() if rng.random() < 0.4 else ""
                    t0 = time.perf_counter()
                    results = service.search(text, **kwargs)
                    search_times.append(time.perf_counter() - t0)
                    assert results.backend == backend.name, "the benchmark fell back to another backend"
                for _ in range(queries):
                    request = random_match_request(rng)
                    t0 = time.perf_counter()
                    response = service.match(request)
                    match_times.append(time.perf_counter() - t0)
                    assert response["backend"] == backend.name, "the benchmark fell back to another backend"
                rows.append((name, count, index_seconds, search_times, match_times))
            finally:
                if name == "elasticsearch":
                    backend.drop_all()
        self.stdout.write("")
        self.stdout.write(
            "| backend | services | full rebuild | search p50 | search p95 | search/s | "
            "match p50 | match p95 | match/s |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, n, index_seconds, search_times, match_times in rows:

            def ms(values, fraction):
                return f"{percentile(values, fraction) * 1000:.1f} ms"

            self.stdout.write(
                f"| {name} | {n} | {index_seconds:.1f} s ({n / index_seconds:.0f}/s) | "
                f"{ms(search_times, 0.5)} | {ms(search_times, 0.95)} | {len(search_times) / sum(search_times):.0f} | "
                f"{ms(match_times, 0.5)} | {ms(match_times, 0.95)} | {len(match_times) / sum(match_times):.0f} |"
            )
        self.stdout.write(f"(mean search {statistics.mean(rows[0][3]) * 1000:.1f} ms on {rows[0][0]})" if rows else "")
