"""Maps on organization pages and search results: points from the site, confidential locations never more
precise than their ZIP code's centre, scripts and basemap served by the site itself."""

import html as markup
import json
import re

import pytest

from directory.geocode import geocode_zip
from directory.models import Location
from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db

TRUE_POINT = (38.55123, -121.45678)  # the shelter's real coordinates: must never reach a page


def map_points(html):
    found = re.search(r'data-points="([^"]*)"', html)
    return json.loads(markup.unescape(found.group(1))) if found else None


@pytest.fixture
def refuge(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    org = make_organization(
        title="Harbor Refuge",
        locations=[
            Location(
                name="Safe house",
                address_1="12 Hidden Lane",
                postal_code="95817",
                latitude=TRUE_POINT[0],
                longitude=TRUE_POINT[1],
                confidential_address=True,
            ),
            Location(name="Office", address_1="1 Main Street", postal_code="95814", latitude=38.58, longitude=-121.49),
        ],
    )
    make_service(org, title="Night Shelter", needs=["emergency-shelter"])
    return org


def test_organization_map_puts_a_confidential_location_at_its_zip_centre(client, refuge):
    html = client.get(refuge.url).content.decode()
    centre = geocode_zip("95817")
    points = map_points(html)
    assert points == [
        {
            "name": "Harbor Refuge",
            "url": refuge.url,
            "lat": round(centre.latitude, 5),
            "lon": round(centre.longitude, 5),
            "approx": True,
        },
        {"name": "Harbor Refuge", "url": refuge.url, "lat": 38.58, "lon": -121.49, "approx": False},
    ]
    assert "38.55123" not in html and "121.45678" not in html
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html
    assert 'data-outline-url="/static/vendor/us-atlas/states-10m.json"' in html
    assert 'data-tiles-url=""' in html  # no tile server configured: the packaged outline is drawn


def test_search_results_map_the_same_way_and_a_bad_zip_draws_none(client, refuge, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get("/search/", {"q": "shelter"}).content.decode()
    points = map_points(html)
    assert [p["approx"] for p in points] == [True, False]
    assert "38.55123" not in html
    assert 'data-tiles-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert map_points(client.get("/search/", {"q": "shelter", "zip": "9582"}).content.decode()) is None


def test_the_vendored_files_are_served_by_the_site(client):
    from django.contrib.staticfiles import finders

    for path in [
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/us-atlas/states-10m.json",
        "vendor/topojson-client/topojson-client.min.js",
        "js/map.js",
    ]:
        assert finders.find(path), path
    outline = json.loads(open(finders.find("vendor/us-atlas/states-10m.json")).read())
    assert outline["type"] == "Topology" and "states" in outline["objects"]


def test_search_map_follows_the_live_location_not_the_index(client, refuge):
    # The index follows a publish a moment later: a location made confidential just now is already only its
    # ZIP code's centre on the results map, before its document is rewritten.
    office = Location.objects.get(name="Office")
    Location.objects.filter(pk=office.pk).update(confidential_address=True, latitude=38.57321, longitude=-121.48765)
    html = client.get("/search/", {"q": "shelter"}).content.decode()
    centre = geocode_zip("95814")
    assert [(p["lat"], p["lon"], p["approx"]) for p in map_points(html)][1] == (
        round(centre.latitude, 5),
        round(centre.longitude, 5),
        True,
    )
    assert "38.57321" not in html and "121.48765" not in html
