"""Production's shared cache: the database cache by default, Redis when REDIS_URL is set; counts are shared."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]


def production_caches(**env) -> dict:
    """CACHES as config.settings.production computes it from this environment (no connection is made)."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://coalition:coalition@127.0.0.1:5432/unused",
        **env,
    }
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": "site:."},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


def test_production_uses_the_database_cache_by_default():
    caches = production_caches()
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "django_cache"
    # The pages in a table of their own, so that many of them never push out a rate limit.
    assert caches["pages"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["pages"]["LOCATION"] == "django_cache_pages"


def test_production_uses_redis_when_redis_url_is_set():
    caches = production_caches(REDIS_URL="redis://127.0.0.1:6399/0")
    # A Redis that stops answering costs a request a second, not the system's connect timeout.
    timeouts = {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert caches["default"] == {
        "BACKEND": "serving.redis_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6399/0",
        "OPTIONS": timeouts,
    }
    assert caches["pages"] == {
        "BACKEND": "serving.redis_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6399/0",
        "KEY_PREFIX": "pages",
        "OPTIONS": timeouts,
    }


@pytest.mark.django_db
def test_many_new_pages_never_push_a_rate_limit_or_the_generation_out_of_the_database_cache(client, settings):
    """A full database cache deletes the keys that sort first: were pages kept with the rate limits, anyone
    sending enough new search URLs would reset every limit (and the generation)."""
    from django.core.cache import cache
    from django.core.management import call_command

    from directory import changes
    from directory.site_tree import ensure_site_tree
    from serving import page_cache

    database_cache = "django.core.cache.backends.db.DatabaseCache"
    settings.CACHES = {
        "default": {"BACKEND": database_cache, "LOCATION": "test_cache_default", "OPTIONS": {"MAX_ENTRIES": 10}},
        "pages": {
            "BACKEND": database_cache,
            "LOCATION": "test_cache_pages",
            "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2},
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    call_command("createcachetable", verbosity=0)
    ensure_site_tree()
    page_cache.forget_local()
    cache.set("lists:texts:a-list", 3, 3600)  # a rate limit's count ("a" sorts before "page-cache:")
    generation = changes.generation()
    for n in range(20):
        response = client.get(f"/search/?_={n}")  # new addresses, each cached (typed words never are)
        assert response["X-Page-Cache"] == "miss"
    assert cache.get("lists:texts:a-list") == 3
    assert cache.get(changes.GENERATION_KEY) == generation
    page_cache.forget_local()


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture
def redis_cache(settings, redis_url):
    redis = "serving.redis_cache.ResilientRedisCache"  # as production configures it
    settings.CACHES = {
        "default": {"BACKEND": redis, "LOCATION": redis_url},
        "pages": {"BACKEND": redis, "LOCATION": redis_url, "KEY_PREFIX": "pages"},
    }
    from django.core.cache import cache

    cache.clear()
    return cache


def test_a_rate_limit_counts_across_workers_on_redis(redis_cache, settings):
    """Two workers (two threads, each with its own Redis connection) share one count per address."""
    from directory.problem_reports import RATE_LIMIT, allow_report

    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    workers = [ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1)]
    try:
        answers = [workers[n % 2].submit(allow_report, request).result() for n in range(RATE_LIMIT + 1)]
    finally:
        for worker in workers:
            worker.shutdown()
    assert answers == [True] * RATE_LIMIT + [False]


def test_a_publish_on_one_worker_clears_the_page_cache_of_another_on_redis(redis_cache):
    from serving import page_cache

    other_worker = ThreadPoolExecutor(max_workers=1)
    try:
        before = other_worker.submit(page_cache.generation).result()
        page_cache.clear()
        assert other_worker.submit(page_cache.generation).result() == before + 1
    finally:
        other_worker.shutdown()
