"""The public pages a survivor or an advocate reads, in English and in Spanish."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from directory.models import Location
from tests.factories import make_organization, make_service

ALL_DAY_EVERY_DAY = [(d, "00:00", "00:00") for d in range(7)]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_sound_headings(html):
    levels = headings(html)
    assert levels.count(1) == 1, "exactly one h1"
    assert levels[0] == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, f"heading level skipped: {levels}"


@pytest.fixture
def shelter(site_tree):
    org = make_organization(
        title="Harbor Test Refuge",
        sector="shelter",
        phone="916-555-0142",
        last_verified=timezone.localdate() - timedelta(days=10),
        locations=[
            Location(name="Shelter", address_1="12 Hidden Lane", postal_code="95817", confidential_address=True)
        ],
    )
    return make_service(
        org,
        title="Night Shelter",
        needs=["emergency-shelter", "basic-needs"],
        languages=["en", "es", "vi"],
        populations=["women"],
        genders=["female"],
        trafficking_types=["sex"],
        minimum_age=18,
        schedules=ALL_DAY_EVERY_DAY,
        capacity_note="2 beds free",
        capacity_updated_at=timezone.now() - timedelta(hours=3),
        how_to_get_help="Call the front desk and ask for the advocate on duty.",
        eligibility_description="Adult women survivors.",
        fees_description="Free",
        documents_required="No ID needed.",
        accessibility="Step-free entrance.",
        interpretation_services="Phone interpreters.",
        email="desk@example.org",
        website="https://shelter.example.org",
    )


def test_home_page_gives_the_emergency_numbers_and_a_way_in_by_need(client, site_tree):
    html = get(client, "/")
    assert 'href="tel:911"' in html
    assert "1-888-373-7888" in html and 'href="tel:+18883737888"' in html
    assert 'href="sms:233733"' in html
    # Each need tile submits the home page's ZIP field to its need page.
    assert 'formaction="/directory/needs/emergency-shelter/#services"' in html
    assert 'name="zip"' in html
    # Enter in the ZIP field (the form's first button) searches everything near it.
    assert html.index('formaction="/search/#results"') < html.index('formaction="/directory/needs/')
    assert "Emergency shelter" in html
    assert_sound_headings(html)


def test_home_page_in_spanish(client, site_tree):
    html = get(client, "/es/")
    assert '<html lang="es">' in html
    assert "¿Necesita ayuda ahora mismo?" in html
    assert "Refugio de emergencia" in html
    assert 'formaction="/es/directory/needs/emergency-shelter/#services"' in html
    assert "Salir de esta página" in html


def test_directory_index_lists_organizations_with_sector_city_and_service_count(client, shelter):
    organization = shelter.get_parent().specific
    make_service(organization, title="Day Center", needs=["basic-needs"])
    make_service(organization, title="Closed Program", status="inactive")
    html = get(client, "/directory/")
    assert "Harbor Test Refuge" in html
    assert "Shelter and housing" in html
    assert "Sacramento" in html
    assert "2 services" in html  # the inactive one is not counted
    assert_sound_headings(html)


def test_directory_index_in_spanish(client, shelter):
    html = get(client, "/es/directory/")
    assert "<h1>Directorio</h1>" in html
    assert "Buscar por necesidad" in html
    assert "Organizaciones miembro" in html
    assert "Refugio y vivienda" in html
    assert "1 servicio" in html


def test_need_listing_shows_active_services_for_that_need_only(client, shelter):
    make_service(title="Legal Clinic", needs=["legal-civil"])
    make_service(title="Old Shelter", needs=["emergency-shelter"], status="inactive")
    html = get(client, "/directory/needs/emergency-shelter/")
    assert "<h1>Emergency shelter</h1>" in html
    assert "Night Shelter" in html
    assert "Harbor Test Refuge" in html
    assert "Open now" in html
    assert "2 beds free" in html and "said 3\xa0hours ago" in html
    assert "Legal Clinic" not in html
    assert "Old Shelter" not in html
    assert_sound_headings(html)


def test_need_listing_in_spanish(client, shelter):
    html = get(client, "/es/directory/needs/emergency-shelter/")
    assert "<h1>Refugio de emergencia</h1>" in html
    assert "Abierto ahora" in html
    assert "Español" in html and "Vietnamita" in html


def test_unknown_need_is_not_found(client, site_tree):
    assert client.get("/directory/needs/no-such-need/").status_code == 404


def test_organization_page_shows_contact_and_services(client, shelter):
    html = get(client, shelter.get_parent().url)
    assert "<h1>Harbor Test Refuge</h1>" in html
    assert "Night Shelter" in html
    assert 'href="tel:916-555-0142"' in html
    assert "Hidden Lane" not in html
    assert_sound_headings(html)


def test_organization_page_in_spanish(client, shelter):
    html = get(client, "/es" + shelter.get_parent().url)
    assert "Servicios" in html and "Contacto" in html
    assert "Teléfono" in html


def test_service_page_shows_what_a_person_needs_to_act(client, shelter):
    html = get(client, shelter.url)
    assert "<h1>Night Shelter</h1>" in html
    # A confidential shelter shows only city and ZIP.
    assert "Sacramento, CA 95817" in html
    assert "Hidden Lane" not in html
    assert "Open now" in html
    assert "English" in html and "Spanish" in html and "Vietnamese" in html
    assert "Women" in html
    assert "Ages 18 and over" in html
    assert "Only for: Female" in html
    assert "Only for survivors of: Sex trafficking" in html
    assert "Call the front desk" in html
    assert "Adult women survivors." in html
    assert "Free" in html and "No ID needed." in html and "Step-free entrance." in html
    assert "Phone interpreters." in html
    assert 'href="mailto:desk@example.org"' in html and "https://shelter.example.org" in html
    assert "Taking new people now" in html and "referral" not in html.lower().split("report a problem")[0]
    assert "2 beds free" in html and "said 3\xa0hours ago" in html
    assert "Listing last verified on" in html
    assert "may be out of date" not in html
    assert_sound_headings(html)


def test_service_page_in_spanish(client, shelter):
    html = get(client, "/es" + shelter.url)
    assert "Cómo conseguir ayuda" in html
    assert "Horario" in html
    assert "A quién atiende" in html
    assert "Abierto ahora" in html
    assert "Recibe personas nuevas ahora" in html
    assert "actualizado hace 3 horas" in html
    assert "Desde los 18 años" in html
    assert "Solo para: Mujer" in html


def test_service_page_says_when_a_service_is_not_active_or_not_taking_referrals(client, site_tree):
    service = make_service(title="Paused Clinic", status="temporarily closed", accepting_referrals=False)
    html = get(client, service.url)
    assert "Temporarily closed" in html
    assert "This service is temporarily closed" in html
    assert "Taking new people now" not in html


def test_an_inactive_service_never_says_it_accepts_referrals(client, site_tree):
    service = make_service(title="Old Clinic", status="inactive", accepting_referrals=True)
    html = get(client, service.url)
    assert "This service is inactive" in html
    assert "It is not taking new people right now" in html
    assert "Taking new people now" not in html


def test_service_page_shows_weekly_hours_and_closed_days(client, site_tree):
    service = make_service(schedules=[(0, "09:00", "17:00"), (4, "20:00", "02:00")])
    html = get(client, service.url)
    assert "Monday" in html and "9 a.m.–5 p.m." in html
    assert "Friday" in html and "8 p.m.–2 a.m." in html
    assert "Closed" in html


def test_stale_listing_says_it_may_be_out_of_date(client, site_tree):
    org = make_organization(last_verified=date(2020, 1, 1))
    service = make_service(org)
    assert "may be out of date" in get(client, service.url)
    assert "may be out of date" in get(client, org.url)


@pytest.mark.parametrize("path", ["/", "/directory/", "/directory/needs/emergency-shelter/", "org", "service"])
def test_language_switch_links_to_the_same_page_in_the_other_language(client, shelter, path):
    path = {"org": shelter.get_parent().url, "service": shelter.url}.get(path, path)
    english = get(client, path)
    assert f'href="/es{path}"' in english and ">Español<" in english
    spanish = get(client, "/es" + path)
    assert f'href="{path}"' in spanish and ">English<" in spanish


def test_every_page_has_a_skip_link_to_the_main_content(client, shelter):
    for path in ["/", "/directory/", "/directory/needs/emergency-shelter/", shelter.get_parent().url, shelter.url]:
        html = get(client, path)
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html


def test_public_pages_load_nothing_from_other_sites(client, shelter):
    for path in ["/", "/directory/", shelter.url]:
        html = get(client, path)
        for src in re.findall(r'(?:src|href)="([^"]+)"', html):
            if src.startswith(("http://", "https://", "//")):
                # Only links a person chooses to follow leave the site; nothing is loaded from elsewhere.
                tag = html[html.rfind("<", 0, html.index(src)) : html.index(src)]
                assert tag.startswith("<a "), f"{src} is loaded from another site"
