"""When Elasticsearch is down, search and matching answer from the embedded backend, and the index
updates made meanwhile reach Elasticsearch once it is back."""

import socket

import pytest
from django.core.management import CommandError, call_command

from search import service
from search.models import PendingIndexUpdate
from tests.factories import make_service

from .conftest import MONDAY_10AM


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens here any more


@pytest.fixture
def elasticsearch_down(settings, site_tree):
    settings.ELASTICSEARCH_URL = closed_port_url()


@pytest.mark.django_db
def test_matching_and_search_fall_back_to_the_database_with_a_notice(elasticsearch_down, client):
    make_service(title="Still Findable Shelter", needs=["emergency-shelter"])

    response = service.match({"needs": ["emergency-shelter"]}, now=MONDAY_10AM)
    assert response["backend"] == "database"
    assert [r["service_name"] for r in response["results"]] == ["Still Findable Shelter"]
    assert response["notice"] == "Search is running in a simpler mode right now; results may be less precise."

    results = service.search("findable", now=MONDAY_10AM)
    assert results.backend == "database" and results.notice
    assert [r["title"] for r in results.results] == ["Still Findable Shelter"]

    page = client.get("/search/?q=findable")
    assert page.status_code == 200
    assert "Still Findable Shelter" in page.content.decode()
    assert results.notice in page.content.decode()


@pytest.mark.django_db
def test_updates_made_while_elasticsearch_is_down_wait_in_a_queue(elasticsearch_down):
    make_service(title="Queued Shelter", needs=["emergency-shelter"])
    assert PendingIndexUpdate.objects.exists()
    with pytest.raises(CommandError):
        call_command("search_index", "--check")


@pytest.mark.elasticsearch
def test_updates_missed_while_down_are_applied_by_check_fix(elasticsearch, settings, site_tree):
    url = settings.ELASTICSEARCH_URL
    make_service(title="Before Outage", needs=["medical"])
    settings.ELASTICSEARCH_URL = closed_port_url()
    make_service(title="During Outage", needs=["medical"])
    assert PendingIndexUpdate.objects.exists()  # the new organization and its service

    settings.ELASTICSEARCH_URL = url
    with pytest.raises(CommandError):
        call_command("search_index", "--check")  # reports the pending update and the missing document
    call_command("search_index", "--check", "--fix")
    call_command("search_index", "--check")  # healthy now: no error

    response = service.match({"needs": ["medical"]}, now=MONDAY_10AM)
    assert response["backend"] == "elasticsearch"
    assert [r["service_name"] for r in response["results"]] == ["Before Outage", "During Outage"]
    assert not PendingIndexUpdate.objects.exists()


@pytest.mark.elasticsearch
def test_the_next_successful_write_applies_missed_updates(elasticsearch, settings, site_tree):
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = closed_port_url()
    make_service(title="Missed Clinic", needs=["medical"])

    settings.ELASTICSEARCH_URL = url
    make_service(title="Next Clinic", needs=["medical"])

    response = service.match({"needs": ["medical"]}, now=MONDAY_10AM)
    assert response["backend"] == "elasticsearch"
    assert [r["service_name"] for r in response["results"]] == ["Missed Clinic", "Next Clinic"]
