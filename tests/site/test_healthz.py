"""GET /healthz: JSON whatever the Accept header, no sign-in, never cached; 503 when the database is down."""

import pytest
from django.db import connection

from serving.heartbeat import beat


@pytest.mark.parametrize("accept", ["text/html", "application/json", "*/*", ""])
def test_healthz_answers_json_when_the_site_can_serve(client, db, accept):
    beat()
    response = client.get("/healthz", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["database"]["status"] == "ok"
    assert body["cache"]["status"] == "ok"
    assert body["elasticsearch"] == {"status": "not configured"}
    assert body["worker"]["status"] == "ok" and body["worker"]["last_heartbeat_seconds"] < 120
    assert body["pending_index_updates"] == 0
    assert body["outbox_backlog"] == 0


def test_healthz_says_when_no_worker_has_beaten(client, db):
    from django.core.cache import cache

    cache.clear()
    body = client.get("/healthz").json()
    assert body["worker"] == {"status": "down", "last_heartbeat_seconds": None}
    assert body["status"] == "degraded"


def test_healthz_counts_the_outbox_backlog(client, db):
    from referrals.models import Notification

    Notification.objects.create(kind="new_referral", to=["x@example.org"], subject="s", body="b")
    assert client.get("/healthz").json()["outbox_backlog"] == 1


@pytest.mark.elasticsearch
def test_healthz_reports_elasticsearch_when_configured(client, db, elasticsearch):
    assert client.get("/healthz").json()["elasticsearch"]["status"] == "ok"


# Transactional, with the migration data restored after its flush like every other transactional test here
# (a plain flush would re-create the content types under new ids, and the next restore would collide).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_answers_503_when_the_database_is_down(client):
    # Set the open connection aside (an in-memory test database lives only while it is open) and point
    # the settings at a database that cannot be reached, so the next query has to connect and fails.
    settings_dict = connection.settings_dict
    saved_settings, saved_connection = dict(settings_dict), connection.connection
    connection.connection = None
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/unreachable.sqlite3"
    else:
        settings_dict["PORT"] = "1"  # nothing listens there: the connection is refused
    try:
        response = client.get("/healthz", HTTP_ACCEPT="text/html")
    finally:
        if connection.connection is not None:
            connection.connection.close()
        settings_dict.update(saved_settings)
        connection.connection = saved_connection
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"]["status"] == "down"
    assert "nonexistent" not in response.content.decode()  # the error's class only, no connection details


def test_healthz_reports_the_pages_cache_on_its_own(client, db, settings):
    # The pages live in a cache of their own (settings.PAGES_CACHE): a table missing or broken there fails every
    # anonymous page while the default cache answers, so /healthz must not say "ok".
    beat()
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGES_CACHE: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        },
    }
    body = client.get("/healthz").json()
    assert body["cache"]["status"] == "ok"
    assert body["pages_cache"] == {"status": "down", "error": body["pages_cache"]["error"]}
    assert body["status"] == "degraded"
