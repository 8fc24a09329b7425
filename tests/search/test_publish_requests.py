"""Publish → index does the work once: one bulk upsert and one refresh wait per service publish."""

import logging

import pytest

from search.backends.elasticsearch import ElasticsearchBackend
from tests.factories import committed, make_organization, make_service


class RequestLog(logging.Handler):
    """Every HTTP request the Elasticsearch client makes (elastic_transport logs one line each)."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def es_requests():
    handler = RequestLog()
    logger = logging.getLogger("elastic_transport.transport")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.mark.django_db
def test_a_service_publish_is_one_bulk_request_with_one_refresh_wait(elasticsearch, es_requests):
    organization = make_organization()
    service = make_service(organization, title="Harbor Night Shelter")  # the index exists after this
    revision = service.save_revision()

    es_requests.clear()
    with committed():
        revision.publish()

    assert len(es_requests) == 1, es_requests
    assert es_requests[0].startswith("PUT ") or es_requests[0].startswith("POST ")
    assert "/_bulk?refresh=wait_for" in es_requests[0]
    stored = elasticsearch.stored()
    assert [doc["title"] for doc in stored.values()] == ["Harbor Night Shelter"]


@pytest.mark.django_db
def test_unpublishing_a_service_deletes_its_document_in_one_request(elasticsearch, es_requests):
    service = make_service(title="Harbor Night Shelter")
    es_requests.clear()
    with committed():
        service.unpublish()
    assert len(es_requests) == 1, es_requests
    assert elasticsearch.stored() == {}


@pytest.mark.django_db
def test_the_alias_is_checked_once_per_process(elasticsearch, es_requests):
    make_service()
    es_requests.clear()
    make_service()
    ElasticsearchBackend().write([])
    assert not [line for line in es_requests if "/_alias/" in line], es_requests


@pytest.mark.django_db
def test_deleting_a_service_removes_its_document(elasticsearch):
    service = make_service(title="Gone Tomorrow")
    assert len(elasticsearch.stored()) == 1
    with committed():
        service.delete()
    assert elasticsearch.stored() == {}
