import os
import shutil

import pytest


@pytest.fixture(scope="session", autouse=True)
def _migration_data_survives_every_flush(django_db_setup):
    """Keep Django's snapshot of what the migrations made available to every connection wrapper.

    Transactional tests (threads, live server, browser) end with a flush; those marked serialized_rollback
    get the vocabularies, root collection, permissions and workflow back from a snapshot Django stores on
    the connection wrapper. Some tests leave the main thread with a new wrapper (the connection registry is
    context-local), which would silently lose the snapshot, so it is also kept on the wrapper's class.
    """
    from django.db import connections

    for alias in connections:
        wrapper = connections[alias]
        contents = getattr(wrapper, "_test_serialized_contents", None)
        if contents is not None:
            type(wrapper)._test_serialized_contents = contents


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
    config.addinivalue_line("markers", "slow: minutes long, run only when asked (e.g. LOADTEST_SMOKE=1)")


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


# --- A real browser (Debian's Chromium driven by Playwright) ---------------------------------------------
# One Playwright instance for the whole session. Without Chromium the browser tests are skipped with a
# message; in CI (CI=true) a missing browser is a failure.

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package for the browser tests."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()
