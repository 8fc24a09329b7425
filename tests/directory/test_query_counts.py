"""Listing pages cost the same number of queries whether they show 3 services or 15."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_organization, make_service


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_services(count, organization=None, **fields):
    for n in range(count):
        make_service(
            organization,
            needs=["emergency-shelter", "basic-needs"],
            languages=["en", "es"],
            populations=["women"],
            schedules=[(n % 7, "09:00", "17:00"), ((n + 1) % 7, "20:00", "02:00")],
            **fields,
        )


@pytest.mark.parametrize("many", [15])
def test_need_listing_query_count_does_not_grow_with_services(client, site_tree, many):
    add_services(3)
    few = queries_for(client, "/directory/needs/emergency-shelter/")
    add_services(many - 3)
    assert queries_for(client, "/directory/needs/emergency-shelter/") == few


def test_organization_page_query_count_does_not_grow_with_services(client, site_tree):
    small, large = make_organization(), make_organization()
    add_services(3, small)
    add_services(15, large)
    assert queries_for(client, small.url) == queries_for(client, large.url)


def test_directory_index_query_count_does_not_grow_with_organizations(client, site_tree):
    for _ in range(3):
        add_services(1)
    few = queries_for(client, "/directory/")
    for _ in range(12):
        add_services(2)
    assert queries_for(client, "/directory/") == few
