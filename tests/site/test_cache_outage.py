"""A shared cache that stops answering (Redis stopped or frozen, the pages' table missing) costs the public
nothing but speed: pages are served afresh, a publish still succeeds, and once the cache answers again
nothing kept from before the change is served as current."""

import logging
import time

import pytest
from django.core.cache import caches

from directory import changes
from directory.models import ProblemReport
from directory.problem_reports import issue_stamp
from lists.sms import LocmemSMSBackend
from serving import page_cache, redis_cache
from tests.factories import make_organization, make_service

REDIS = "serving.redis_cache.ResilientRedisCache"  # as production configures it
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def use_redis(settings, url):
    settings.CACHES = {
        "default": {"BACKEND": REDIS, "LOCATION": url, "OPTIONS": TIMEOUTS},
        settings.PAGES_CACHE: {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": "pages", "OPTIONS": TIMEOUTS},
    }
    page_cache.forget_local()


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.HSDS_FULL_CACHE_SECONDS = 600
    page_cache.forget_local()
    yield
    changes._memo.update(bump_owed=False, handed_over=False)
    redis_cache._away_until.clear()
    page_cache.forget_local()


@pytest.fixture
def service(site_tree):
    return make_service(make_organization(title="Harbor Refuge"), title="Night Shelter")


def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_public_pages_are_served_while_redis_is_down(client, settings, caching, service):
    use_redis(settings, f"redis://127.0.0.1:{unused_port()}/0")  # nothing listens there: refused
    for url in (service.url, "/", "/search/?need=emergency-shelter", "/api/hsds/services"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response  # served afresh, neither from nor into the cache
    assert "Night Shelter" in client.get(service.url).content.decode()
    health = client.get("/healthz")
    assert health.status_code == 200  # the site can serve, and says what is missing
    assert health.json()["cache"]["status"] == "down"


def test_the_public_forms_refuse_politely_while_redis_is_down(client, settings, caching, service, caplog):
    """Reporting a problem and texting a list count attempts in the shared cache (their abuse limits). With the
    cache away the count is unknown: each form says so with a 503 and a way forward, the report form keeps what
    was typed, and nothing is saved or sent without a limit. (Before, both answered 500.)"""
    use_redis(settings, f"redis://127.0.0.1:{unused_port()}/0")
    LocmemSMSBackend.outbox.clear()
    typed = {
        "kind": "contact",
        "message": "The phone line is dead.",
        "homepage": "",
        "stamp": issue_stamp(time.time() - 30),
    }
    with caplog.at_level(logging.DEBUG):
        report = client.post(f"/directory-members/listing/{service.pk}/report-a-problem/", typed)
    assert report.status_code == 503 and report["Retry-After"] == "60"
    body = report.content.decode()
    assert "We cannot take reports for a few minutes. Please send this one again shortly." in body
    assert "The phone line is dead." in body and 'value="contact" selected' in body
    assert not ProblemReport.objects.exists()

    shared = client.post("/list/share/", {"ids": str(service.hsds_id)})["Location"]
    with caplog.at_level(logging.DEBUG):
        texted = client.post(shared + "text/", {"phone": "(916) 555-0199"})
    assert texted.status_code == 503 and texted["Retry-After"] == "60"
    assert "Texting is not available for a few minutes. Copy the text above instead." in texted.content.decode()
    assert LocmemSMSBackend.outbox == []
    assert "0199" not in caplog.text and "phone line" not in caplog.text  # nothing the visitor typed is logged


# In real transactions, as a request runs (autocommit): inside a test's transaction, PostgreSQL would refuse every
# query after the failed one on the missing table, which no request ever sees.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_are_served_when_the_pages_table_is_missing(client, settings, caching, service):
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGES_CACHE: {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "no_such_table"},
    }
    for _ in range(2):
        response = client.get(service.url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"


def publish_while_redis_is_frozen(
    client, service, redis_server, capture_on_commit, command_exits=False, served_meanwhile=True
):
    """The page kept in Redis, then Redis frozen (its data kept, nothing answered) while the page is published
    (the bump cannot be written: owed, and no error for the editor) and served meanwhile. `command_exits`: the
    change came from a command that exited with its debt (an import), not from this process. Without
    `served_meanwhile`, no page is asked for during the outage: no web worker learns that Redis was away."""
    assert client.get(service.url)["X-Page-Cache"] == "miss"
    assert client.get(service.url)["X-Page-Cache"] == "hit"  # kept in Redis under the current generation
    redis_server.pause()
    try:
        with capture_on_commit(execute=True):
            service.title = "Evening Shelter"
            service.save_revision().publish()
        if command_exits:
            changes._memo.update(bump_owed=False, handed_over=False)  # its memory goes with it
            changes.forget()
        if served_meanwhile:
            during = client.get(service.url)  # served afresh
            assert during.status_code == 200
            assert "Evening Shelter" in during.content.decode()
    finally:
        redis_server.resume()
    # As a few seconds later: this process asks Redis again, and reads the number afresh.
    redis_cache._away_until.clear()
    changes.forget()


def test_a_publish_while_redis_is_frozen_succeeds_and_is_never_hidden_by_an_older_page(
    client, settings, caching, service, redis_server, django_capture_on_commit_callbacks
):
    use_redis(settings, redis_server.url)
    caches["default"].clear()
    publish_while_redis_is_frozen(client, service, redis_server, django_capture_on_commit_callbacks)
    after = client.get(service.url)
    assert after.status_code == 200
    assert "Evening Shelter" in after.content.decode()  # not the page Redis kept from before the change
    assert after["X-Page-Cache"] == "miss"
    assert client.get(service.url)["X-Page-Cache"] == "hit"  # and caching has resumed


def test_a_change_whose_announcement_was_lost_is_not_hidden_once_redis_answers_again(
    client, settings, caching, service, redis_server, django_capture_on_commit_callbacks
):
    """A command (an import) that committed a change while Redis was away, and exited with its bump owed: the
    web worker that served pages meanwhile bumps once Redis answers, so Redis's old pages are not served."""
    use_redis(settings, redis_server.url)
    caches["default"].clear()
    publish_while_redis_is_frozen(client, service, redis_server, django_capture_on_commit_callbacks, command_exits=True)
    after = client.get(service.url)
    assert "Evening Shelter" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"


def test_a_change_made_while_redis_was_away_is_announced_by_the_task_worker(
    client, settings, caching, service, redis_server, django_capture_on_commit_callbacks, monkeypatch
):
    """An import during a Redis outage, and no public page asked for before Redis came back: no web worker
    owes the bump. The debt is queued in the database, and the task worker pays it once Redis answers, so
    Redis's page from before the import is not served for the rest of its lifetime (PAGE_CACHE_SECONDS)."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker as stock_worker

    monkeypatch.setattr(stock_worker, "close_old_connections", lambda: None)  # the test's own connection
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    use_redis(settings, redis_server.url)
    caches["default"].clear()
    publish_while_redis_is_frozen(
        client, service, redis_server, django_capture_on_commit_callbacks, command_exits=True, served_meanwhile=False
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    after = client.get(service.url)
    assert "Evening Shelter" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"


def test_an_import_during_an_outage_queues_its_debt_once_and_the_worker_keeps_it_until_paid(
    client, settings, caching, site_tree, redis_server, django_capture_on_commit_callbacks, monkeypatch
):
    """Many pages published while Redis is away (an import) queue one task, not one a page. The task worker,
    finding Redis still away, queues it again for later each time, so the debt waits in the database whatever
    becomes of the worker; once Redis answers, the worker pays it and no page kept from before is served."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.management.commands import db_worker as stock_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(stock_worker, "close_old_connections", lambda: None)  # the test's own connection
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    use_redis(settings, redis_server.url)
    caches["default"].clear()
    services = [make_service(make_organization(title=f"Harbor {n}"), title=f"Shelter {n}") for n in range(3)]
    assert client.get(services[0].url)["X-Page-Cache"] == "miss"
    assert client.get(services[0].url)["X-Page-Cache"] == "hit"  # kept in Redis
    pending = DBTaskResult.objects.filter(task_path__endswith="take_over_bump", status=TaskResultStatus.READY)

    def run_the_worker_later():  # as TAKE_OVER_RETRY_SECONDS later: what is pending is due
        pending.update(run_after=timezone.now())
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    redis_server.pause()
    try:
        for n, service in enumerate(services):
            with django_capture_on_commit_callbacks(execute=True):
                service.title = f"Evening Shelter {n}"
                service.save_revision().publish()
        assert pending.count() == 1
        changes._memo.update(bump_owed=False, handed_over=False)  # the import exits; the worker is another process
        for _ in range(2):  # the same worker, twice, Redis still away
            run_the_worker_later()
            queued_again = pending.get()
            soonest = timezone.now() + timedelta(seconds=changes.TAKE_OVER_RETRY_SECONDS - 5)
            assert queued_again.run_after > soonest
    finally:
        redis_server.resume()
    redis_cache._away_until.clear()  # as a few seconds later
    changes._memo.update(bump_owed=False, handed_over=False)
    changes.forget()
    run_the_worker_later()
    assert pending.count() == 0
    after = client.get(services[0].url)
    assert "Evening Shelter 0" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"
