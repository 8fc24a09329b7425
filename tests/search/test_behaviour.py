"""What a visitor and an advocate see from search and matching; every test runs on both backends."""

import pytest
from django.core.management import call_command

from directory.models import OrganizationPage, ServicePage
from search import service
from search.indexing import enqueue_page_update
from tests.factories import committed, make_organization, make_service

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db


def run_match(backend_name, **request):
    response = service.match(request, now=MONDAY_10AM)
    assert response["backend"] == backend_name
    return response["results"]


def names(results):
    return [r["service_name"] for r in results]


def test_a_match_provides_a_requested_need_and_more_needs_rank_higher(backend_name):
    make_service(title="Legal Clinic", needs=["legal-civil"])
    make_service(title="Shelter Only", needs=["emergency-shelter"])
    make_service(title="Shelter And Case Management", needs=["emergency-shelter", "case-management"])

    results = run_match(backend_name, needs=["emergency-shelter", "case-management"])

    assert names(results) == ["Shelter And Case Management", "Shelter Only"]
    best = results[0]
    assert best["matched_needs"] == ["emergency-shelter", "case-management"]
    assert "Provides emergency shelter and case management" in best["reasons"]
    assert best["score"] > results[1]["score"]
    assert set(best) == {
        "service_id",
        "service_name",
        "organization_id",
        "organization_name",
        "score",
        "distance_miles",
        "matched_needs",
        "reasons",
        "open_now",
        "intake_24_7",
    }
    service_page = ServicePage.objects.get(title="Shelter And Case Management")
    assert best["service_id"] == str(service_page.hsds_id)
    assert best["organization_id"] == str(service_page.get_parent().specific.hsds_id)


def test_services_not_accepting_referrals_or_not_active_never_match(backend_name):
    make_service(title="Full Shelter", needs=["emergency-shelter"], accepting_referrals=False)
    make_service(title="Closed Shelter", needs=["emergency-shelter"], status="temporarily closed")
    make_service(title="Draft Shelter", needs=["emergency-shelter"], publish=False)
    make_service(title="Open Shelter", needs=["emergency-shelter"])

    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Open Shelter"]


def test_age_gender_and_trafficking_type_restrictions_filter(backend_name):
    make_service(title="Youth Shelter", needs=["emergency-shelter"], minimum_age=12, maximum_age=17)
    make_service(title="Adult Shelter", needs=["emergency-shelter"], minimum_age=18)
    make_service(title="Women's Shelter", needs=["emergency-shelter"], genders=["female", "transgender-nonbinary"])
    make_service(title="Labor Shelter", needs=["emergency-shelter"], trafficking_types=["labor"])

    teen = run_match(backend_name, needs=["emergency-shelter"], age=16)
    # The age restriction that admits the client is a fit: it ranks above the alphabet.
    assert names(teen) == ["Youth Shelter", "Labor Shelter", "Women's Shelter"]
    assert "Serves ages 12-17 only" in teen[0]["reasons"]

    man = run_match(backend_name, needs=["emergency-shelter"], age=30, gender="male", trafficking_type="sex")
    assert names(man) == ["Adult Shelter"]
    assert "Serves ages 18 and over only" in man[0]["reasons"]

    labor = run_match(backend_name, needs=["emergency-shelter"], age=30, trafficking_type="labor", gender="female")
    assert names(labor) == ["Adult Shelter", "Labor Shelter", "Women's Shelter"]
    assert "Specialises in labor trafficking" in labor[1]["reasons"]


def test_fit_puts_the_service_made_for_the_client_above_the_alphabet(backend_name):
    # Issue 14: for a 16-year-old girl, "Family Shelter Rooms" came first because F < Y.
    make_service(title="Family Shelter Rooms", needs=["emergency-shelter"], populations=["families-with-children"])
    make_service(
        title="Youth Emergency Shelter",
        needs=["emergency-shelter"],
        minimum_age=12,
        maximum_age=17,
        populations=["minors"],
    )
    make_service(
        title="Girls and Young Women Program", needs=["emergency-shelter"], populations=["women"], genders=["female"]
    )

    results = run_match(backend_name, needs=["emergency-shelter"], age=16, gender="female")

    # Youth shelter: age restriction + minors = 2; the women's program: women = 1; family rooms: 0.
    assert names(results) == ["Youth Emergency Shelter", "Girls and Young Women Program", "Family Shelter Rooms"]
    assert "Serves ages 12-17 only" in results[0]["reasons"]
    assert "Specialises in minors (under 18)" in results[0]["reasons"]
    assert "Specialises in women" in results[1]["reasons"]
    assert not any(r.startswith(("Specialises", "Serves ages")) for r in results[2]["reasons"])
    assert results[0]["score"] > results[1]["score"] > results[2]["score"]


def test_a_trafficking_type_restriction_equal_to_the_clients_is_a_fit(backend_name):
    make_service(title="A General Legal Clinic", needs=["legal-civil"])
    make_service(title="B Labor Rights Clinic", needs=["legal-civil"], trafficking_types=["labor"])

    labor = run_match(backend_name, needs=["legal-civil"], trafficking_type="labor")
    assert names(labor) == ["B Labor Rights Clinic", "A General Legal Clinic"]
    assert "Specialises in labor trafficking" in labor[0]["reasons"]
    assert names(run_match(backend_name, needs=["legal-civil"])) == ["A General Legal Clinic", "B Labor Rights Clinic"]


def test_free_places_reported_in_the_last_72_hours_rank_before_distance(backend_name):
    from datetime import timedelta

    from django.utils import timezone

    near = make_organization(title="Near Org", postal_code="95814")
    far = make_organization(title="Far Org", postal_code="95630")
    fresh = make_service(far, title="Far Shelter With Beds", needs=["emergency-shelter"])
    stale = make_service(near, title="Near Shelter Old Report", needs=["emergency-shelter"])
    make_service(near, title="Near Shelter No Report", needs=["emergency-shelter"])
    now = timezone.now()
    ServicePage.objects.filter(pk=fresh.pk).update(places_free=3, capacity_updated_at=now - timedelta(hours=2))
    ServicePage.objects.filter(pk=stale.pk).update(places_free=5, capacity_updated_at=now - timedelta(hours=80))
    with committed():
        enqueue_page_update(fresh.pk)
        enqueue_page_update(stale.pk)

    response = service.match({"needs": ["emergency-shelter"], "postal_code": "95814"}, now=now)
    results = response["results"]

    assert response["backend"] == backend_name
    assert names(results)[0] == "Far Shelter With Beds"
    assert "3 places free, updated 2 h ago" in results[0]["reasons"]
    # An 80-hour-old report no longer counts: the nearer services follow by distance, then name.
    assert names(results)[1:] == ["Near Shelter No Report", "Near Shelter Old Report"]
    assert not any("free" in r for r in results[2]["reasons"])


def test_radius_filters_and_nearer_services_rank_first(backend_name):
    downtown = make_organization(title="Downtown Org", postal_code="95814")
    folsom = make_organization(title="Folsom Org", postal_code="95630")
    galt = make_organization(title="Galt Org", postal_code="95632")
    make_service(galt, title="A Galt Service", needs=["medical"])
    make_service(folsom, title="B Folsom Service", needs=["medical"])
    make_service(downtown, title="C Downtown Service", needs=["medical"])

    near = run_match(backend_name, needs=["medical"], postal_code="95814", radius_miles=22)
    assert names(near) == ["C Downtown Service", "B Folsom Service"]
    assert near[0]["distance_miles"] == 0.0
    assert 15 < near[1]["distance_miles"] < 22
    assert f"{near[1]['distance_miles']} miles away" in near[1]["reasons"]

    everywhere = run_match(backend_name, needs=["medical"], postal_code="95814")
    assert names(everywhere) == ["C Downtown Service", "B Folsom Service", "A Galt Service"]
    assert names(run_match(backend_name, needs=["medical"])) == [
        "A Galt Service",
        "B Folsom Service",
        "C Downtown Service",
    ]


def test_speaking_the_clients_language_outranks_distance(backend_name):
    near = make_organization(title="Near Org", postal_code="95814")
    far = make_organization(title="Far Org", postal_code="95630")
    make_service(near, title="Near English", needs=["mental-health"], languages=["en"])
    make_service(far, title="Far Spanish", needs=["mental-health"], languages=["en", "es"])

    results = run_match(backend_name, needs=["mental-health"], languages=["es"], postal_code="95814")

    assert names(results) == ["Far Spanish", "Near English"]
    assert "Speaks Spanish" in results[0]["reasons"]
    assert not any(r.startswith("Speaks") for r in results[1]["reasons"])


def test_urgent_requests_prefer_24_7_intake_or_open_now(backend_name):
    make_service(title="A Closed Now", needs=["crisis-line"], schedules=[(0, "13:00", "17:00")])
    make_service(title="B Open Monday Morning", needs=["crisis-line"], schedules=[(0, "09:00", "12:00")])
    make_service(title="C Around The Clock", needs=["crisis-line"], intake_24_7=True)
    make_service(title="D Overnight From Sunday", needs=["crisis-line"], schedules=[(6, "20:00", "11:00")])

    urgent = run_match(backend_name, needs=["crisis-line"], urgent=True)
    assert names(urgent) == ["B Open Monday Morning", "C Around The Clock", "D Overnight From Sunday", "A Closed Now"]
    assert [r["open_now"] for r in urgent] == [True, True, True, False]
    assert "24/7 intake" in urgent[1]["reasons"] and urgent[1]["intake_24_7"]
    assert "Open now" in urgent[0]["reasons"]
    # Without urgency, hours do not change the order: name decides.
    assert names(run_match(backend_name, needs=["crisis-line"]))[0] == "A Closed Now"


def test_equal_matches_are_ordered_by_name_and_limited(backend_name):
    for title in ["Cedar", "aspen", "Birch", "Dogwood"]:
        make_service(title=title, needs=["basic-needs"])

    assert names(run_match(backend_name, needs=["basic-needs"], limit=3)) == ["aspen", "Birch", "Cedar"]


def test_index_follows_publish_unpublish_move_and_delete(backend_name):
    org = make_organization(title="First Org")
    other = make_organization(title="Second Org")
    shelter = make_service(org, title="Shelter", needs=["emergency-shelter"])
    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Shelter"]

    with committed():
        shelter.unpublish()
    assert run_match(backend_name, needs=["emergency-shelter"]) == []

    shelter.title = "Renamed Shelter"
    with committed():
        shelter.save_revision().publish()
    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Renamed Shelter"]

    with committed():
        ServicePage.objects.get(pk=shelter.pk).move(other, pos="last-child")
    assert run_match(backend_name, needs=["emergency-shelter"])[0]["organization_name"] == "Second Org"

    with committed():
        OrganizationPage.objects.get(pk=other.pk).unpublish()
    assert run_match(backend_name, needs=["emergency-shelter"]) == []
    other = OrganizationPage.objects.get(pk=other.pk)
    with committed():
        other.save_revision().publish()
    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Renamed Shelter"]

    with committed():
        ServicePage.objects.get(pk=shelter.pk).delete()
    assert run_match(backend_name, needs=["emergency-shelter"]) == []


def test_deleting_an_organization_removes_its_services(backend_name):
    org = make_organization(title="Closing Org")
    make_service(org, title="Its Shelter", needs=["emergency-shelter"])
    make_service(title="Elsewhere Shelter", needs=["emergency-shelter"])

    with committed():
        OrganizationPage.objects.get(pk=org.pk).delete()

    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Elsewhere Shelter"]


def test_accepting_referrals_fast_path_updates_matches_without_publishing(backend_name):
    shelter = make_service(title="Busy Shelter", needs=["emergency-shelter"])
    ServicePage.objects.filter(pk=shelter.pk).update(accepting_referrals=False)
    # The live row changed without a publish: the caller asks for the index to follow.
    with committed():
        enqueue_page_update(shelter.pk)
    assert run_match(backend_name, needs=["emergency-shelter"]) == []

    ServicePage.objects.filter(pk=shelter.pk).update(accepting_referrals=True)
    with committed():
        enqueue_page_update(shelter.pk)
    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Busy Shelter"]


def test_public_search_finds_words_in_english_and_spanish(backend_name):
    make_service(title="Safe Beds Tonight", needs=["emergency-shelter"], summary="Beds and meals for survivors.")
    make_service(title="Immigration Lawyers", needs=["legal-immigration"], summary="T-visa applications.")
    make_service(title="Hidden Draft", needs=["emergency-shelter"], publish=False)

    assert [r["title"] for r in service.search("meals", now=MONDAY_10AM).results] == ["Safe Beds Tonight"]
    # "refugio" is the Spanish label of the emergency-shelter need.
    spanish = service.search("refugio", now=MONDAY_10AM)
    assert [r["title"] for r in spanish.results] == ["Safe Beds Tonight"]
    assert spanish.backend == backend_name
    assert [r["title"] for r in service.search("lawyer", now=MONDAY_10AM).results] == ["Immigration Lawyers"]
    nothing = service.search("xylophone", now=MONDAY_10AM)
    assert nothing.total == 0 and nothing.results == []
    result = service.search("meals", now=MONDAY_10AM).results[0]
    page = ServicePage.objects.get(title="Safe Beds Tonight")
    assert result["url"] == page.url and result["url"].startswith("/directory/")  # the service's own page
    assert result["organization_name"]


def test_public_search_facets_filters_and_counts(backend_name):
    make_service(
        title="Shelter Spanish",
        needs=["emergency-shelter"],
        languages=["en", "es"],
        intake_24_7=True,
        populations=["women"],
    )
    make_service(
        title="Shelter English",
        needs=["emergency-shelter", "case-management"],
        languages=["en"],
        schedules=[(0, "09:00", "17:00")],
    )
    make_service(title="Counseling", needs=["mental-health"], languages=["en", "es"], schedules=[(2, "09:00", "17:00")])

    everything = service.search(now=MONDAY_10AM)
    assert everything.total == 3
    needs = {code: count for code, _label, count in everything.facets["needs"]}
    assert needs == {"emergency-shelter": 2, "case-management": 1, "mental-health": 1}
    languages = {code: count for code, _label, count in everything.facets["languages"]}
    assert languages == {"en": 3, "es": 2}
    assert everything.facets["open_now"][0][2] == 2
    assert everything.facets["intake_24_7"][0][2] == 1

    spanish_shelters = service.search(needs=["emergency-shelter"], languages=["es"], now=MONDAY_10AM)
    assert [r["title"] for r in spanish_shelters.results] == ["Shelter Spanish"]
    open_now = service.search(open_now=True, now=MONDAY_10AM)
    assert [r["title"] for r in open_now.results] == ["Shelter English", "Shelter Spanish"]
    assert [r["title"] for r in service.search(intake_24_7=True, now=MONDAY_10AM).results] == ["Shelter Spanish"]
    assert [r["title"] for r in service.search(populations=["women"], now=MONDAY_10AM).results] == ["Shelter Spanish"]


def test_public_search_sorts_by_distance_within_a_radius_and_pages(backend_name):
    downtown = make_organization(title="Downtown", postal_code="95814")
    folsom = make_organization(title="Folsom", postal_code="95630")
    galt = make_organization(title="Galt", postal_code="95632")
    make_service(galt, title="Alpha", needs=["medical"])
    make_service(folsom, title="Bravo", needs=["medical"])
    make_service(downtown, title="Charlie", needs=["medical"])

    nearest = service.search(postal_code="95630", sort="distance", now=MONDAY_10AM)
    assert [r["title"] for r in nearest.results] == ["Bravo", "Charlie", "Alpha"]
    assert nearest.results[0]["distance_miles"] == 0.0
    within = service.search(postal_code="95814", radius_miles=22, sort="distance", now=MONDAY_10AM)
    assert [r["title"] for r in within.results] == ["Charlie", "Bravo"]

    first = service.search(per_page=2, now=MONDAY_10AM)
    second = service.search(per_page=2, page=2, now=MONDAY_10AM)
    assert (first.total, first.pages, second.page) == (3, 2, 2)
    assert [r["title"] for r in first.results + second.results] == ["Alpha", "Bravo", "Charlie"]

    unknown = service.search(postal_code="00000", now=MONDAY_10AM)
    assert "postal_code" in unknown.errors and unknown.total == 3


def test_type_ahead_suggests_names(backend_name):
    make_organization(title="Harbor House")
    make_service(title="Harbor Youth Shelter", needs=["emergency-shelter"])
    make_service(title="River Clinic", needs=["medical"])

    assert "Harbor Youth Shelter" in service.suggest("harb")
    assert "River Clinic" not in service.suggest("harb")


def test_rebuild_command_keeps_search_working(backend_name):
    make_service(title="Rebuilt Shelter", needs=["emergency-shelter"])
    call_command("search_index", "--rebuild", "--no-progress")
    call_command("search_index", "--rebuild", "--no-progress")
    assert names(run_match(backend_name, needs=["emergency-shelter"])) == ["Rebuilt Shelter"]
    assert service.service_hsds_ids_for_text("rebuilt") == [
        str(ServicePage.objects.get(title="Rebuilt Shelter").hsds_id)
    ]
