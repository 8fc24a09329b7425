"""Nothing anyone looks for reaches a log: not the public search, type-ahead, the HSDS `search` filter, the match
API or the advocate's screen, on either backend, nor when Elasticsearch is down.

Every logger is opened to DEBUG (the project's own, Django's, django.db.backends, elasticsearch, urllib3), except
the ones the site's LOGGING setting caps on purpose, and every record that reaches a handler is kept. Settings
keep DEBUG off, as in production (Django logs SQL with its parameters only in debug mode). A record's message and
arguments are checked; Django's "Bad Request" records also carry the request object (with its query string) for
handlers that print it, which the site has none of.
"""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client

from referrals.models import Referral
from search import service
from tests.factories import make_service

from .conftest import bearer_client, make_referral

# Distinctive values, so a hit means a leak and not a coincidence.
QUERY = "zebracorn"
ZIP = "95838"
NOTE = "Quokkamarmalade safe word"
AGE = 57
NAMED_LOGGERS = (
    "",
    "django",
    "django.request",
    "django.server",
    "django.db.backends",
    "django.security",
    "elasticsearch",
    "elastic_transport",
    "elastic_transport.transport",
    "urllib3",
    "urllib3.connectionpool",
    "search",
    "referrals",
    "directory",
    "wagtail",
    "axes",
)


class Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record):
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(self.format(r) + " " + repr(r.args) for r in self.records)


def capped_by_the_site(name: str) -> bool:
    """A logger the site's LOGGING setting names on purpose (to keep request bodies and lines out), or its child."""
    return any(name == capped or name.startswith(capped + ".") for capped in settings.LOGGING.get("loggers", {}))


@pytest.fixture
def every_log_record():
    """Every record any logger emits at DEBUG, as with LOG_LEVEL=DEBUG and every library opened to DEBUG.

    Only the loggers the site's LOGGING setting caps keep their configured level (elastic_transport's request
    lines, django.server's request lines with their query strings): that setting is under test too.
    """
    keep = Keep()
    names = set(NAMED_LOGGERS) | set(logging.root.manager.loggerDict)
    loggers = [logging.getLogger(name) for name in names]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.disabled = False
        if not capped_by_the_site(lg.name):
            lg.setLevel(logging.DEBUG)
    # Records reach the root, or stop at a logger that does not propagate: where that one has handlers, there too.
    # (elastic_transport.node, which logs whole request bodies, propagates nothing and has no handler here.)
    sinks = [logging.root, *(lg for lg in loggers if not lg.propagate and lg.handlers)]
    for sink in sinks:
        sink.addHandler(keep)
    yield keep
    for sink in sinks:
        sink.removeHandler(keep)
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "down"])
def backend(request, settings, site_tree):
    """The embedded backend, a genuine Elasticsearch, or an Elasticsearch that does not answer (fallback)."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def directory(backend, coalition, settings):
    make_service(
        coalition.shelter_org, title=f"{QUERY.title()} Night Beds", needs=["emergency-shelter"], languages=["en", "es"]
    )
    if backend == "down":
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    return coalition


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_nothing_sought_was_logged(keep, *also):
    text = keep.text()
    for secret in (QUERY, ZIP, NOTE, f"'age': {AGE}", f'"age": {AGE}', f"age={AGE}", *also):
        assert secret.lower() not in text.lower(), f"{secret!r} reached a log:\n{text[:2000]}"


def test_the_public_search_and_type_ahead_log_nothing_sought(directory, every_log_record, client, backend):
    for path in ("/search/", "/es/search/"):
        response = client.get(path, {"q": QUERY, "zip": ZIP, "radius": "25", "sort": "distance"})
        assert response.status_code == 200
    assert service.suggest(QUERY[:5])  # type-ahead (search.service.suggest) answers…
    assert every_log_record.records or backend != "down"  # …the fallback did log: the capture works
    assert_nothing_sought_was_logged(every_log_record)


def test_the_hsds_search_filter_logs_nothing_sought(directory, every_log_record, client):
    found = client.get("/api/hsds/services", {"search": QUERY, "postcode": ZIP, "proximity": "40000"})
    assert found.status_code == 200
    client.get("/api/hsds/service_at_locations", {"search": QUERY, "postcode": ZIP})
    refused = client.get("/api/hsds/services", {"search": QUERY, "postcode": ZIP, "proximity": "far"})
    assert refused.status_code == 400  # a refused request is logged by Django: still without what was sought
    assert_nothing_sought_was_logged(every_log_record)


def test_the_match_api_logs_nothing_sought(directory, every_log_record):
    api = bearer_client(directory.advocate)
    body = {
        "needs": ["emergency-shelter"],
        "age": AGE,
        "gender": "female",
        "languages": ["es"],
        "trafficking_type": "labor",
        "postal_code": ZIP,
        "radius_miles": 30,
        "urgent": True,
    }
    matched = api.post("/api/referrals/match", json.dumps(body), content_type="application/json")
    assert matched.status_code == 200 and matched.json()["results"]
    bad = api.post("/api/referrals/match", json.dumps({**body, "gender": QUERY}), content_type="application/json")
    assert bad.status_code == 400
    assert_nothing_sought_was_logged(every_log_record)


def test_the_advocates_screen_logs_nothing_sought_or_sent(directory, every_log_record):
    advocate = signed_in(directory.advocate)
    facts = {
        "needs": ["emergency-shelter"],
        "age": str(AGE),
        "gender": "female",
        "languages": ["es"],
        "trafficking_type": "labor",
        "postal_code": ZIP,
        "note": NOTE,
        "urgent": "on",
    }
    page = advocate.post("/referrals/new/", {**facts, "action": "match"})
    assert page.status_code == 200 and "Night Beds" in page.content.decode()
    sent = advocate.post("/referrals/new/", {**facts, "action": "send", "services": [str(directory.shelter.hsds_id)]})
    assert sent.status_code == 302
    referral = Referral.objects.get(note=NOTE)
    timeline = advocate.get(sent["Location"])
    assert timeline.status_code == 200
    # The provider opens and answers it; the notices are written and sent (to the console or a dead SMTP).
    provider = signed_in(directory.provider)
    recipient = referral.recipients.get()
    assert provider.get(f"/referrals/inbox/{recipient.pk}/").status_code == 200
    provider.post(f"/referrals/inbox/{recipient.pk}/accept/")
    assert_nothing_sought_was_logged(every_log_record, referral.client_code)


def test_the_capture_sees_a_record_that_does_leak(directory, every_log_record):
    """The check itself: a log line with the ZIP in it is caught."""
    make_referral(directory)
    logging.getLogger("search.service").debug("looked for %s", ZIP)
    with pytest.raises(AssertionError, match="reached a log"):
        assert_nothing_sought_was_logged(every_log_record)
