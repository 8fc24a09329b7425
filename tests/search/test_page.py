"""The public search page: a GET form that works without JavaScript, in English and Spanish, and
keeps no history."""

import logging
import re

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


def test_keyword_search_lists_matching_services_with_links(services, client):
    response = client.get("/search/", {"q": "shelter"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Harbor Emergency Shelter" in body and "Harbor Legal Clinic" not in body
    assert 'href="/directory/' in body
    assert '<form class="search-form" method="get"' in body
    assert "1 service found." in body


def test_facets_show_counts_and_filter(services, client):
    body = client.get("/search/").content.decode()
    assert 'name="need" value="emergency-shelter"' in body
    assert 'name="language" value="es"' in body
    filtered = client.get("/search/", {"language": "es"}).content.decode()
    assert "Harbor Emergency Shelter" in filtered and "Harbor Legal Clinic" not in filtered
    assert 'value="es" checked' in filtered


def test_spanish_page_and_distance_sort(services, client):
    response = client.get("/es/search/", {"zip": "95814", "radius": "10", "sort": "distance"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in body
    assert "/es/directory/" in body  # result links stay in Spanish
    # The distance badge in Spanish number format ("A 0,4 millas"), never with a decimal point.
    assert re.search(r"A \d+,\d+ millas|A menos de 0,1 millas", body)
    assert not re.search(r"\d+\.\d+ millas", body)


def test_no_results_gives_suggestions(services, client):
    body = client.get("/search/", {"q": "xylophone", "need": "medical"}).content.decode()
    assert "No services match your search." in body
    assert "remove the filters" in body
    assert "1-888-373-7888" in body


def test_unknown_zip_is_explained_not_an_error(services, client):
    response = client.get("/search/", {"zip": "00000"})
    assert response.status_code == 200
    assert "This is not a US ZIP code we know." in response.content.decode()


def test_search_keeps_no_history(services, client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get("/search/", {"q": "confidentialterm"})
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "confidentialterm" not in caplog.text
    assert not client.session.keys()


def test_header_has_a_search_box(services, client):
    body = client.get("/directory/").content.decode()
    assert 'role="search"' in body and 'action="/search/"' in body
