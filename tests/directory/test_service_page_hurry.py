"""A service page for someone in a hurry: the name, open or closed, the phone as a big call button, the
address or "confidential location, call first", then how to get help; public words for taking new people;
staleness as one calm line."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from directory.models import Location
from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def shelter(site_tree):
    org = make_organization(
        title="Harbor Test Refuge",
        phone="916-555-0142",
        last_verified=date(2020, 1, 1),
        locations=[
            Location(name="Shelter", address_1="12 Hidden Lane", postal_code="95817", confidential_address=True)
        ],
    )
    return make_service(
        org,
        title="Night Shelter",
        needs=["emergency-shelter"],
        capacity_note="2 beds free",
        capacity_updated_at=timezone.now() - timedelta(hours=3),
        how_to_get_help="Call the front desk and ask for the advocate on duty.",
    )


def test_the_order_of_a_service_page_follows_what_someone_in_a_hurry_needs(client, shelter):
    html = page_html(client, shelter.url)
    order = [
        html.index("<h1>Night Shelter</h1>"),
        html.index('class="badge badge--'),
        html.index('class="button button--call" href="tel:916-555-0142"'),
        html.index("Confidential location, call first."),
        html.index("Call the front desk"),
    ]
    assert order == sorted(order)
    assert "Call 916-555-0142" in html
    assert "Hidden Lane" not in html
    assert "Taking new people now" in html and "Accepting referrals" not in html


def test_staleness_is_one_calm_line_after_how_to_get_help(client, shelter):
    html = page_html(client, shelter.url)
    line = html.index("This listing may be out of date")
    assert line > html.index("Call the front desk")
    assert 'class="listing-status muted"' in html and "notice--warn listing-status" not in html


def test_a_street_address_shows_when_not_confidential_and_the_page_reads_in_spanish(client, site_tree):
    org = make_organization(
        title="Open Door",
        phone="916-555-0100",
        locations=[Location(name="Office", address_1="1 Main Street", postal_code="95814")],
    )
    service = make_service(org, title="Walk-in Clinic", accepting_referrals=False)
    html = page_html(client, service.url)
    assert "1 Main Street" in html and "Confidential location" not in html
    assert "Not taking new people right now" in html
    spanish = page_html(client, "/es" + service.url)
    assert "Llamar al 916-555-0100" in spanish and "No recibe personas nuevas por ahora" in spanish
