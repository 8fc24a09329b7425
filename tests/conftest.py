import pytest


@pytest.fixture
def site_tree(db):
    """The home page, default site and directory index that every public page hangs from."""
    from directory.site_tree import ensure_site_tree

    return ensure_site_tree()


# --- Elasticsearch (search/) ------------------------------------------------------------------------------
# Tests marked @pytest.mark.elasticsearch run against the genuine node named by TEST_ELASTICSEARCH_URL.
# Without it they skip, unless REQUIRE_ELASTICSEARCH=1 (CI), where they fail. Each test gets its own
# index prefix and its indexes are deleted afterwards.


def pytest_configure(config):
    config.addinivalue_line("markers", "elasticsearch: needs a genuine Elasticsearch node (TEST_ELASTICSEARCH_URL)")


def _elasticsearch_url_or_skip() -> str:
    import os

    url = os.environ.get("TEST_ELASTICSEARCH_URL", "")
    required = os.environ.get("REQUIRE_ELASTICSEARCH") == "1"
    if not url:
        message = "Elasticsearch tests need TEST_ELASTICSEARCH_URL (tests/run.sh starts search/es_node)."
        if required:
            pytest.fail(message + " REQUIRE_ELASTICSEARCH=1 is set, so this is a failure.")
        pytest.skip(message)
    from elasticsearch import Elasticsearch

    try:
        Elasticsearch(url, request_timeout=5, max_retries=0).info()
    except Exception as exc:
        pytest.fail(f"TEST_ELASTICSEARCH_URL={url} does not answer: {type(exc).__name__}")
    return url


@pytest.fixture
def elasticsearch(settings, db):
    """Point the site at the test node with a unique index prefix; delete this test's indexes after."""
    import secrets

    from search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = _elasticsearch_url_or_skip()
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{secrets.token_hex(4)}"
    backend = ElasticsearchBackend()
    yield backend
    backend.drop_all()


@pytest.fixture(autouse=True)
def _elasticsearch_marker(request):
    if request.node.get_closest_marker("elasticsearch") is not None:
        request.getfixturevalue("elasticsearch")
