"""ELASTICSEARCH_URL as a comma list of a cluster's nodes: a node that does not answer is passed over for
the next one, and indexes get a replica when the cluster has more than one data node."""

import pytest

from search import service
from search.backends.elasticsearch import ElasticsearchBackend, client_for, replicas_for
from tests.factories import make_service

from .conftest import MONDAY_10AM
from .test_fallback import closed_port_url


def test_a_comma_list_names_every_node_and_allows_a_retry_on_each_other_node():
    urls = [closed_port_url(), closed_port_url(), closed_port_url()]
    client = client_for(" , ".join(urls))
    hosts = sorted(f"http://{node.host}:{node.port}" for node in client.transport.node_pool.all())
    assert hosts == sorted(urls)
    assert client._max_retries == 2


def test_a_single_url_fails_at_once_so_the_site_falls_back_quickly():
    client = client_for(closed_port_url())
    assert len(client.transport.node_pool.all()) == 1
    assert client._max_retries == 0


@pytest.mark.elasticsearch
def test_a_dead_node_in_the_list_is_skipped_and_answers_still_come_from_elasticsearch(elasticsearch, settings):
    live = settings.ELASTICSEARCH_URL
    make_service(title="Cluster Shelter", needs=["emergency-shelter"])
    settings.ELASTICSEARCH_URL = f"{closed_port_url()},{live}"
    for _ in range(4):  # whichever node the client picks first, every request succeeds on Elasticsearch
        response = service.match({"needs": ["emergency-shelter"]}, now=MONDAY_10AM)
        assert response["backend"] == "elasticsearch"
        assert [r["service_name"] for r in response["results"]] == ["Cluster Shelter"]


@pytest.mark.elasticsearch
def test_replicas_follow_the_setting_and_default_to_none_on_a_single_node(elasticsearch, settings):
    backend = ElasticsearchBackend()
    assert replicas_for(backend.es) == 0  # the test node is alone: a replica could never be assigned
    settings.ELASTICSEARCH_REPLICAS = "1"
    assert replicas_for(backend.es) == 1
    name = backend.new_index()
    stored = backend.es.indices.get_settings(index=name)[name]["settings"]["index"]
    assert stored["number_of_replicas"] == "1"
