"""A shelter at a confidential address stands at its ZIP code's centre in public search, on both backends.

Anonymous searches from many ZIPs must not be able to place the building closer than the ZIP centre:
the shown distances, the radius filter and the distance sort all measure to the same public point as the
pages and the HSDS API. Advocates' matching keeps the true distance.
"""

import pytest
from django.conf import settings

from directory.geocode import distance_miles, geocode_zip
from directory.hsds.serialize import public_coordinates
from directory.models import Location
from search import service
from tests.factories import make_organization, make_service

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db

SHELTER_ZIP = "95814"
PROBE_ZIPS = ["95814", "95811", "95815", "95816", "95817", "95818", "95819", "95833", "95825", "95605"]


def centre(zip_code):
    place = geocode_zip(zip_code)
    return place.latitude, place.longitude


def miles(a, b):
    return distance_miles(a[0], a[1], b[0], b[1])


@pytest.fixture
def shelter(backend_name):
    zip_lat, zip_lon = centre(SHELTER_ZIP)
    # The building is about 1.3 miles north-east of its ZIP's centre.
    true_point = (zip_lat + 0.014, zip_lon + 0.017)
    location = Location(
        name="Safe House",
        postal_code=SHELTER_ZIP,
        city="Sacramento",
        latitude=true_point[0],
        longitude=true_point[1],
        confidential_address=True,
    )
    org = make_organization(title="Hidden Shelter Org", locations=[location])
    make_service(org, title="Hidden Shelter", needs=["emergency-shelter"])
    assert public_coordinates(org.locations.get()) == centre(SHELTER_ZIP)  # the pages' and HSDS API's point
    return true_point


def run_search(postal_code, **kwargs):
    results = service.search(needs=["emergency-shelter"], postal_code=postal_code, now=MONDAY_10AM, **kwargs)
    # The backend under test answered itself (no quiet fallback to the database).
    assert results.backend == ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    return results


def find(postal_code, **kwargs):
    return {r["title"]: r for r in run_search(postal_code, **kwargs).results}


def test_shown_distances_are_to_the_zip_centre_from_every_probe(shelter):
    zip_point = centre(SHELTER_ZIP)
    told_apart = 0
    for probe in PROBE_ZIPS:
        result = find(probe)["Hidden Shelter"]
        expected = round(miles(centre(probe), zip_point), 1)
        assert result["distance_miles"] == expected, probe
        if round(miles(centre(probe), shelter), 1) != expected:
            told_apart += 1
    # The probes really could tell the two points apart (the old behaviour would fail above).
    assert told_apart >= len(PROBE_ZIPS) // 2


def test_radius_filter_keeps_the_shelter_at_its_zip_centre(shelter):
    zip_point = centre(SHELTER_ZIP)
    for probe in PROBE_ZIPS:
        to_building, to_centre = miles(centre(probe), shelter), miles(centre(probe), zip_point)
        if to_centre - to_building > 0.3:
            # A radius that reaches the building but not the ZIP centre finds nothing.
            radius = round((to_building + to_centre) / 2, 2)
            assert "Hidden Shelter" not in find(probe, radius_miles=radius), probe
        # A radius that reaches the ZIP centre finds it, however far the building is.
        assert "Hidden Shelter" in find(probe, radius_miles=round(to_centre + 0.2, 2)), probe
        if to_building - to_centre > 0.3:
            assert "Hidden Shelter" in find(probe, radius_miles=round((to_building + to_centre) / 2, 2)), probe


def test_distance_sort_orders_by_the_zip_centre(shelter):
    zip_point = centre(SHELTER_ZIP)
    probe = max(PROBE_ZIPS, key=lambda z: miles(centre(z), zip_point) - miles(centre(z), shelter))
    to_building, to_centre = miles(centre(probe), shelter), miles(centre(probe), zip_point)
    assert to_centre - to_building > 0.3
    # A public office between the two distances: nearer than the ZIP centre, farther than the building.
    probe_lat, probe_lon = centre(probe)
    between = (to_building + to_centre) / 2
    shelter_lat, shelter_lon = shelter
    fraction = between / to_building
    office = (probe_lat + (shelter_lat - probe_lat) * fraction, probe_lon + (shelter_lon - probe_lon) * fraction)
    assert to_building < miles(centre(probe), office) < to_centre
    location = Location(
        name="Open Office", postal_code=probe, address_1="1 K Street", latitude=office[0], longitude=office[1]
    )
    make_service(
        make_organization(title="Open Org", locations=[location]),
        title="Open Office Shelter",
        needs=["emergency-shelter"],
    )

    results = run_search(probe, sort="distance")

    assert [r["title"] for r in results.results] == ["Open Office Shelter", "Hidden Shelter"]


def test_advocates_matching_keeps_the_true_distance(shelter):
    for probe in PROBE_ZIPS[:4]:
        response = service.match({"needs": ["emergency-shelter"], "postal_code": probe}, now=MONDAY_10AM)
        (result,) = response["results"]
        assert result["distance_miles"] == round(miles(centre(probe), shelter), 1)
