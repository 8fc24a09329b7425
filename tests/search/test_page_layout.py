"""The search page on a phone: the words and ZIP first, then the count and results, then the filters in a
folded panel that says how many are active; a search lands on the results; a bad ZIP is said beside the
ZIP field and no list claims an order it does not have."""

import pytest

from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    org = make_organization(title="Harbor House", postal_code="95814")
    make_service(
        org,
        title="Harbor Emergency Shelter",
        needs=["emergency-shelter"],
        languages=["en", "es"],
        summary="Beds tonight.",
    )
    make_service(org, title="Harbor Legal Clinic", needs=["legal-immigration"], languages=["en"])


def html_of(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_results_come_before_the_filters_which_count_what_is_active(services, client):
    html = html_of(client, "/search/", {"q": "harbor", "zip": "95814", "need": "emergency-shelter", "language": "es"})
    query, zip_field = html.index('id="search-q"'), html.index('id="search-zip"')
    results, filters = html.index('id="results"'), html.index("<details")
    assert query < zip_field < results < html.index("1 service found.") < filters
    assert "(2 active)" in html
    assert 'action="/search/#results"' in html  # a search lands on the results


def test_a_bad_zip_is_said_beside_the_field_and_no_unsorted_list_is_shown(services, client):
    html = html_of(client, "/search/", {"q": "harbor", "zip": "9582", "sort": "distance"})
    field = html.index('id="search-zip"')
    error = html.index('id="search-zip-error"')
    assert field < error < html.index('id="search-radius"')
    assert 'aria-describedby="search-zip-error"' in html and 'aria-invalid="true"' in html
    assert "Harbor Emergency Shelter" not in html and "services found" not in html
    assert "Check the ZIP code" in html
    assert 'href="?q=harbor#results"' in html  # the way on without the ZIP


def test_phone_layout_in_spanish(services, client):
    html = html_of(client, "/es/search/", {"q": "refugio", "open_now": "1"})
    assert "Filtros" in html and "(1 activo)" in html
    assert 'action="/es/search/#results"' in html
