"""Need pages accept and keep a ZIP: nearest first, the distance on each card, a bad ZIP said beside the
field (and the list then says it is alphabetical), confidential addresses measured from their ZIP's centre."""

import re

import pytest

from directory.geocode import distance_miles, geocode_zip
from directory.models import Location
from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def shelters(site_tree):
    galt = make_organization(title="Galt Org", postal_code="95632")
    folsom = make_organization(title="Folsom Org", postal_code="95630")
    make_service(galt, title="A Galt Shelter", needs=["emergency-shelter"])
    make_service(folsom, title="B Folsom Shelter", needs=["emergency-shelter"])
    # A confidential shelter whose true point is in Folsom but whose ZIP is downtown Sacramento.
    hidden = make_organization(
        title="Hidden Org",
        locations=[
            Location(
                name="Safe house", postal_code="95814", latitude=38.678, longitude=-121.176, confidential_address=True
            )
        ],
    )
    make_service(hidden, title="C Hidden Shelter", needs=["emergency-shelter"])


def test_need_page_sorts_by_distance_from_a_zip_and_keeps_it(client, shelters):
    html = client.get("/directory/needs/emergency-shelter/?zip=95630").content.decode()
    assert titles(html) == ["B Folsom Shelter", "C Hidden Shelter", "A Galt Shelter"]
    assert 'value="95630"' in html  # the ZIP stays in its field
    assert "0.0 miles away" in html
    # The confidential shelter is measured from its ZIP's centre, not from its true point.
    centre, origin = geocode_zip("95814"), geocode_zip("95630")
    expected = round(distance_miles(origin.latitude, origin.longitude, centre.latitude, centre.longitude), 1)
    assert f"{expected} miles away" in html and expected > 15
    assert "Search with more filters" in html and "zip=95630" in html


def test_need_page_explains_a_bad_zip_beside_the_field(client, shelters):
    html = client.get("/directory/needs/emergency-shelter/?zip=9582").content.decode()
    assert 'aria-invalid="true"' in html and 'aria-describedby="need-zip-error"' in html
    assert "This is not a US ZIP code we know. The list below is in alphabetical order." in html
    assert titles(html) == ["A Galt Shelter", "B Folsom Shelter", "C Hidden Shelter"]
    assert "miles away" not in html


def test_need_page_in_spanish_with_a_zip(client, shelters):
    html = client.get("/es/directory/needs/emergency-shelter/?zip=95630").content.decode()
    assert titles(html)[0] == "B Folsom Shelter"
    assert "millas" in html
