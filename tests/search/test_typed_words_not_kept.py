"""What a visitor types into the search (words, a ZIP code) is kept by no cache: not the site's shared page
cache, where it would sit in a database table (and its backups), nor the browser's, on a shared phone. A
search by filters alone holds nothing typed and is cached like any public page."""

import pytest
from django.core.cache import cache

from serving import page_cache
from tests.factories import make_organization, make_service


@pytest.fixture
def page_cache_on(settings, site_tree):
    settings.PAGE_CACHE_SECONDS = 300
    for each in (cache, page_cache.pages()):
        each.clear()
    page_cache.forget_local()
    yield
    for each in (cache, page_cache.pages()):
        each.clear()
    page_cache.forget_local()


@pytest.fixture
def pages_written(monkeypatch):
    written = []
    pages = page_cache.pages()
    real_set = pages.set
    monkeypatch.setattr(
        pages, "set", lambda key, value, *a, **k: written.append(value) or real_set(key, value, *a, **k)
    )
    return written


@pytest.mark.parametrize("query", ["q=safehouse", "zip=95814", "q=safehouse&need=emergency-shelter"])
def test_a_search_with_typed_words_or_a_zip_is_never_stored(client, page_cache_on, pages_written, query):
    make_service(make_organization(title="Harbor Refuge"), title="Safehouse Beds", needs=("emergency-shelter",))
    for _ in range(2):
        response = client.get(f"/search/?{query}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # neither served from nor stored in the page cache
        assert "no-store" in response["Cache-Control"]
    assert pages_written == []
    page_cache.forget_local()  # as another worker: nothing in the shared cache either
    assert "X-Page-Cache" not in client.get(f"/search/?{query}")


@pytest.mark.parametrize("path", ["/search/?q=safehouse", "/es/search/?zip=95814"])
def test_the_page_cache_does_not_even_look_for_a_search_with_typed_words(client, page_cache_on, monkeypatch, path):
    """Such a page is never stored, so looking for it is a wasted round trip to the shared cache on every search."""
    looked_up = []
    pages = page_cache.pages()
    real_get = pages.get
    monkeypatch.setattr(pages, "get", lambda key, *a, **k: looked_up.append(key) or real_get(key, *a, **k))
    assert client.get(path).status_code == 200
    assert looked_up == []
    assert client.get("/search/?need=emergency-shelter").status_code == 200
    assert len(looked_up) == 1  # a search by filters alone is still looked up (and stored)


def test_a_search_by_filters_alone_is_cached(client, page_cache_on, pages_written):
    make_service(make_organization(title="Harbor Refuge"), title="Safehouse Beds", needs=("emergency-shelter",))
    first = client.get("/search/?need=emergency-shelter")
    second = client.get("/search/?need=emergency-shelter")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "no-store" not in first.get("Cache-Control", "")
    assert len(pages_written) == 1
