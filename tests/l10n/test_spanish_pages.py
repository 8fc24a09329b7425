"""Spanish pages: /es/x/ is the Spanish page x, or the English one with a note; facts come from the source;
a translation is never a second entry in listings, HSDS, referrals or lists; the untranslated report."""

import pytest
from django.utils import translation

from directory.hsds.exporter import export_objects
from directory.listing import needs_with_counts
from directory.models import ServicePage
from referrals.lifecycle import referable_services
from referrals.members import add_member
from tests.factories import make_organization, make_service, translate

pytestmark = pytest.mark.django_db

NOT_TRANSLATED = "Esta página aún no está traducida"


def get(client, path):
    response = client.get(path)
    translation.activate("en")  # a request under /es/ leaves Spanish active in this thread; page.url follows it
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


@pytest.fixture
def shelter(site_tree):
    org = make_organization(title="Harbor House", phone="916-555-0100")
    return make_service(
        org, title="Night Shelter", needs=["emergency-shelter"], how_to_get_help="Call any time.", phone="916-555-0111"
    )


def test_an_untranslated_page_in_spanish_is_the_english_page_with_a_note(client, shelter):
    html = get(client, "/es" + shelter.url)
    assert "Night Shelter" in html and "Call any time." in html
    assert NOT_TRANSLATED in html
    assert '<main id="main" tabindex="-1" lang="en">' in html  # the English words are marked as English
    assert NOT_TRANSLATED not in get(client, shelter.url)


def test_a_translated_page_shows_its_words_over_the_sources_live_facts(client, shelter):
    translate(shelter, title="Albergue Nocturno", how_to_get_help="Llame a cualquier hora.")
    # A fact changed on the source after the translation was made: the Spanish page shows the new one.
    ServicePage.objects.filter(pk=shelter.pk).update(phone="916-555-0199")

    html = get(client, "/es" + shelter.url)  # the same slug under /es/
    assert "<h1>Albergue Nocturno</h1>" in html and "Llame a cualquier hora." in html
    assert "916-555-0199" in html and "916-555-0111" not in html
    assert NOT_TRANSLATED not in html and '<main id="main" tabindex="-1">' in html
    english = get(client, shelter.url)
    assert "<h1>Night Shelter</h1>" in english and "Albergue" not in english


def test_links_on_spanish_pages_stay_in_spanish(client, shelter):
    translate(shelter, title="Albergue Nocturno")
    organization = shelter.get_parent()
    html = get(client, "/es" + shelter.url)
    assert f'href="/es{organization.url}"' in html  # breadcrumb to the organization
    assert 'href="/es/directory/"' in html
    org_html = get(client, "/es" + organization.url)
    assert f'href="/es{shelter.url}"' in org_html and "Albergue Nocturno" in org_html


def test_listings_show_one_entry_per_service_in_the_visitors_language(client, shelter):
    translate(shelter, title="Albergue Nocturno")
    organization = shelter.get_parent().specific
    translate(organization, title="Casa Puerto")

    spanish_index = get(client, "/es/directory/")
    assert spanish_index.count("Casa Puerto") == 1 and "Harbor House" not in spanish_index
    english_index = get(client, "/directory/")
    assert english_index.count("Harbor House") == 1 and "Casa Puerto" not in english_index

    listing = get(client, "/es/directory/needs/emergency-shelter/")
    assert listing.count("Albergue Nocturno") == 1 and "Night Shelter" not in listing
    assert {n.code: n.service_count for n in needs_with_counts()}["emergency-shelter"] == 1

    org_html = get(client, "/es" + organization.url)
    assert "<h1>Casa Puerto</h1>" in org_html and org_html.count("Albergue Nocturno") == 1


def test_hsds_referrals_and_lists_stay_on_the_source(client, shelter):
    translate(shelter, title="Albergue Nocturno")
    services, tables = export_objects()
    assert [s["id"] for s in services] == [str(shelter.hsds_id)]
    assert services[0]["name"] == "Night Shelter"
    assert len(tables["organizations.csv"]) == 1 and len(tables["locations.csv"]) == 1
    assert list(referable_services().values_list("pk", flat=True)) == [shelter.pk]
    api = client.get("/api/hsds/services").json()
    assert [s["id"] for s in api["contents"]] == [str(shelter.hsds_id)]
    my_list = client.post("/es/list/items/", {"ids": str(shelter.hsds_id)}).content.decode()
    assert my_list.count("Albergue Nocturno") == 1


def test_the_coalition_sees_which_services_are_not_yet_in_spanish(client, site_tree):
    org = make_organization(title="Harbor House")
    done = make_service(org, title="Translated Service")
    draft = make_service(org, title="Draft Translation Service")
    make_service(org, title="English Only Service")
    translate(done, title="Servicio Traducido")
    translate(draft, title="Borrador", publish=False)

    reviewer, _ = add_member("coalition-admin", "admin@coalition.example.org", "coalition-admin", password="x" * 12)
    client.force_login(reviewer)
    response = client.get("/admin/directory/reports/untranslated/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "English Only Service" in body and "Draft Translation Service" in body
    assert "Translated Service" not in body and "Servicio Traducido" not in body and "Borrador" not in body
    assert "draft, not published" in body
