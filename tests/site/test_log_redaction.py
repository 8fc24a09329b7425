"""Links that carry a secret (a shared list, a referral's answer link, a listing confirmation, a password reset)
never reach the logs: Django logs the path of every 4xx and 5xx answer (django.request) and of every refused
CSRF check (django.security.csrf), and the path holds the secret."""

import io
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from lists.models import SharedList


@pytest.fixture
def console():
    """What the site's console log handler (settings.LOGGING) writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_an_expired_shared_list_is_logged_without_its_token(client, db, console):
    shared = SharedList.objects.create(service_ids=[], expires_at=timezone.now() - timedelta(days=1))
    for prefix in ("", "/es"):
        response = client.get(f"{prefix}/list/s/{shared.token}/")
        assert response.status_code == 404
    logged = console.getvalue()
    assert "Not Found: /list/s/[secret]/" in logged
    assert "Not Found: /es/list/s/[secret]/" in logged
    assert shared.token not in logged


def test_a_refused_csrf_check_on_an_answer_link_is_logged_without_its_token(db, console):
    from django.test import Client

    token = "a" * 20 + "B" * 12
    response = Client(enforce_csrf_checks=True).post(f"/referrals/answer/{token}/", {"decision": "accept"})
    assert response.status_code == 403
    logged = console.getvalue()
    assert "/referrals/answer/[secret]/" in logged
    assert token not in logged


def test_other_paths_are_logged_as_they_are(client, db, console):
    assert client.get("/list/no-such-page/").status_code == 404
    assert "Not Found: /list/no-such-page/" in console.getvalue()


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/accounts/password/reset/MQ/cf3x-0a1b2c3d4e5f/", "/accounts/password/reset/[secret]/[secret]/"),
        ("/es/accounts/password/reset/MQ/cf3x-0a1b2c3d4e5f/", "/es/accounts/password/reset/[secret]/[secret]/"),
        ("/directory-members/listing/confirm/abc:1x2y:sig/", "/directory-members/listing/confirm/[secret]/"),
        ("/list/s/abcdefgh/text/", "/list/s/[secret]/text/"),
        ("//list//s/abcdefgh/", "/list/s/[secret]/"),  # Django's 404 names the path as asked
        ("/search/?q=mi+hermana&zip=95814", "/search/?[query withheld]"),
        ("/search/", "/search/"),
    ],
)
def test_each_link_with_a_secret_is_redacted(path, logged):
    from config.log_filters import redact_path

    assert redact_path(path) == logged


def test_every_handler_a_request_record_reaches_redacts_it(settings):
    """Django's default handlers on the "django" logger (a console one when DEBUG is on) wrote each record a
    second time, unredacted; only the filtered console handler may write them."""
    from config.log_filters import RedactSecretPaths

    for name in ("django.request", "django.security.csrf"):
        logger = logging.getLogger(name)
        while logger is not None:
            for handler in logger.handlers:
                if type(handler).__module__.startswith("_pytest"):
                    continue  # pytest's own capture
                assert any(isinstance(f, RedactSecretPaths) for f in handler.filters), (logger.name, handler)
            logger = logger.parent if logger.propagate else None


GUNICORN_LOG = """
import io, logging
import config.wsgi  # what gunicorn loads: it puts the filter on gunicorn's error log
out = io.StringIO()
log = logging.getLogger("gunicorn.error")
log.addHandler(logging.StreamHandler(out))
log.error("Error handling request %s", "/search/?q=shelter+for+my+sister&zip=95814")
log.error("Error handling request %s", "/es/list/s/Zq4tokenToken/?x=1")
# gunicorn formats this one itself, from a request line it refused (raw UTF-8 in the query):
log.warning("Invalid request from ip=127.0.0.1: Invalid HTTP request line: 'GET /search/?q=niña+sola HTTP/1.1'")
print(out.getvalue())
"""


def test_gunicorns_error_log_keeps_neither_query_strings_nor_secret_links():
    """In a process of its own: loading config.wsgi sets Django up again, which would reconfigure this one's logs."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": f"{root / 'site'}:{root}"}
    written = subprocess.run(
        [sys.executable, "-c", GUNICORN_LOG], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "Error handling request /search/?[query withheld]" in written
    assert "Error handling request /es/list/s/[secret]/?[query withheld]" in written
    assert "Invalid HTTP request line: 'GET /search/?[query withheld] HTTP/1.1'" in written
    assert "sister" not in written and "95814" not in written and "Zq4token" not in written and "niña" not in written
