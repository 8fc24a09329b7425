"""Score matching against judged scenarios, per backend.

    python manage.py eval_matching [--scenarios PATH] [--backends database,elasticsearch] [--verbose]

The catalogue of the scenario file is written into a throw-away index: for the database backend inside a
transaction that is rolled back, for Elasticsearch under its own index prefix, deleted afterwards. The
site's own index is never touched. Elasticsearch is used when ELASTICSEARCH_URL (or TEST_ELASTICSEARCH_URL)
is set; otherwise it is reported as skipped.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "First-result accuracy and NDCG@5 of matching on judged scenarios, per backend."

    def add_arguments(self, parser):
        parser.add_argument("--scenarios", default="", help="default: tests/search/judged_scenarios.json")
        parser.add_argument("--backends", default="database,elasticsearch")
        parser.add_argument("--verbose", action="store_true", help="list every scenario whose first result is wrong")

    def handle(self, *args, **options):
        from search import judging

        try:
            data = judging.load(options["scenarios"] or None)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the scenarios: {exc}") from exc
        docs = judging.documents(data)
        self.stdout.write(f"{len(data['scenarios'])} judged scenarios over {len(docs)} services.")
        es_url = settings.ELASTICSEARCH_URL or os.environ.get("TEST_ELASTICSEARCH_URL", "")
        for name in [b.strip() for b in options["backends"].split(",") if b.strip()]:
            if name == "database":
                report = self._on_database(docs, data)
            elif name == "elasticsearch":
                if not es_url:
                    self.stdout.write("elasticsearch: skipped (set ELASTICSEARCH_URL or TEST_ELASTICSEARCH_URL)")
                    continue
                report = self._on_elasticsearch(es_url, docs, data)
            else:
                raise CommandError(f"Unknown backend: {name}")
            self._print(report, options["verbose"])

    def _on_database(self, docs, data):
        from search import judging
        from search.backends import database_backend

        url = settings.ELASTICSEARCH_URL
        settings.ELASTICSEARCH_URL = ""
        report = None
        try:
            with transaction.atomic():
                database_backend().rebuild(docs)
                report = judging.evaluate(data)
                raise _Rollback
        except _Rollback:
            pass
        finally:
            settings.ELASTICSEARCH_URL = url
        return report

    def _on_elasticsearch(self, es_url, docs, data):
        from search import judging
        from search.backends.elasticsearch import ElasticsearchBackend

        url, prefix = settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX
        settings.ELASTICSEARCH_URL = es_url
        settings.ELASTICSEARCH_INDEX_PREFIX = f"eval-{secrets.token_hex(4)}"
        backend = ElasticsearchBackend()
        try:
            backend.rebuild(docs)
            report = judging.evaluate(data)
        finally:
            backend.drop_all()
            settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX = url, prefix
        return report

    def _print(self, report, verbose):
        self.stdout.write(
            f"{report.backend}: first-result accuracy {report.first_result_accuracy:.1%} "
            f"({sum(o.first_ok for o in report.outcomes)}/{len(report.outcomes)}), "
            f"NDCG@5 {report.mean_ndcg:.3f}"
        )
        if verbose:
            for outcome in report.outcomes:
                if not outcome.first_ok:
                    self.stdout.write(f"  first result wrong: {outcome.name} (got {outcome.first or 'nothing'})")
