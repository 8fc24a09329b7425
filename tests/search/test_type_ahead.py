"""Type-ahead in the search box: names that start with what was typed, in both languages' pages, sent in
a POST body (never in a URL), never cached, stored or logged."""

import logging

import pytest

from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    make_service(make_organization(title="Harbor House"), title="Harbor Youth Shelter", needs=["emergency-shelter"])
    make_service(title="River Clinic", needs=["medical"])


@pytest.mark.parametrize("path", ["/search/suggest/", "/es/search/suggest/"])
def test_names_starting_with_what_was_typed(names, client, path, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post(path, {"q": "harb"})
    assert response.status_code == 200
    assert response.json() == {"suggestions": ["Harbor House", "Harbor Youth Shelter"]}
    assert "no-store" in response["Cache-Control"]
    assert "harb" not in caplog.text
    assert not response.cookies and not client.session.keys()


def test_too_short_or_a_get_gives_nothing(names, client):
    assert client.post("/search/suggest/", {"q": "h"}).json() == {"suggestions": []}
    assert client.get("/search/suggest/", {"q": "harb"}).status_code == 405  # what is typed never goes in a URL


def test_the_search_box_offers_the_suggestions(names, client):
    html = client.get("/es/search/").content.decode()
    assert 'list="search-suggestions"' in html and 'data-suggest-url="/es/search/suggest/"' in html
    assert '<datalist id="search-suggestions"></datalist>' in html
