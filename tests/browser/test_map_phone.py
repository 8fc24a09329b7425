"""The map on a 390 px phone: without a tile server the packaged outline is drawn and no request leaves
the site; without JavaScript the page is whole and the map simply absent."""

import pytest

from directory.models import Location
from tests.factories import make_organization, make_service

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def refuge(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    settings.MAP_TILES_URL = ""
    org = make_organization(
        title="Harbor Refuge",
        phone="916-555-0142",
        locations=[
            Location(name="Safe house", address_1="12 Hidden Lane", postal_code="95817", confidential_address=True),
            Location(name="Office", address_1="1 Main Street", postal_code="95814"),
        ],
    )
    make_service(org, title="Night Shelter", needs=["emergency-shelter"])
    return org


def test_offline_basemap_and_no_third_party_request(page, live_server, refuge):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + refuge.url)
    page.wait_for_selector("[data-map][data-basemap='outline']")
    assert page.locator("[data-map]").is_visible()
    assert page.locator(".leaflet-overlay-pane path").count() > 10  # state outlines and the two places
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert axe_violations(page) == []


def test_the_page_works_without_the_map(browser, live_server, refuge):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + refuge.url)
    assert not page.locator("[data-map]").is_visible()
    assert page.get_by_role("link", name="Night Shelter").is_visible()
    assert "1 Main Street" in page.locator("main").inner_text()
    context.close()
