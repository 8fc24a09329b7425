"""Judged cases where two adjacent ranking keys of CONTRACT §2 disagree, one case per pair: the stronger key wins.

The keys, strongest first: needs covered; language; when urgent, reachable now; fit; free places reported in the
last 72 hours; distance; name; service id. Each case builds services that the stronger key orders one way and the
weaker key the other way, with every other key equal, and shows the weaker key alone in play. Swapping two keys'
weights in search/query.py (or their order in a sort) makes exactly that case fail. Both backends; on
Elasticsearch the query's own order (search/es_queries.py, before the shared ranking settles the last places)
must agree too, since it decides which candidates reach that ranking at all.
"""

import uuid
from datetime import timedelta

import pytest

from directory.models import ServicePage
from search import es_queries, service
from search.backends import configured_backend
from search.indexing import enqueue_page_update
from tests.factories import committed, make_organization, make_service

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db

CLOSED_NOW = [(2, "09:00", "17:00")]  # Wednesdays only; the clock says Monday 10:00


def ranked(backend_name, **request):
    response = service.match(request, now=MONDAY_10AM)
    assert response["backend"] == backend_name
    order = [r["service_name"] for r in response["results"]]
    if backend_name == "elasticsearch":
        assert elasticsearch_order(request)[: len(order)] == order, "the Elasticsearch query orders otherwise"
    return order, response["results"]


def elasticsearch_order(request) -> list[str]:
    """The order of Elasticsearch's own hits for `request`, before the shared ranking re-sorts them."""
    backend = configured_backend()
    body = es_queries.match_query(service.validate_match_request(request, now=MONDAY_10AM), size=50)
    hits = backend.es.search(index=backend.alias, body=body)["hits"]["hits"]
    return [hit["_source"]["title"] for hit in hits]


def report_places(page, places_free, hours_ago):
    """A capacity report `hours_ago` before the test clock, indexed like the worker would."""
    with committed():  # the index update runs when the change commits
        ServicePage.objects.filter(pk=page.pk).update(
            places_free=places_free, capacity_updated_at=MONDAY_10AM - timedelta(hours=hours_ago)
        )
        enqueue_page_update(page.pk)


def test_needs_covered_outrank_language(backend_name):
    make_service(title="Both Needs English", needs=["emergency-shelter", "case-management"], languages=["en"])
    make_service(title="One Need Spanish", needs=["emergency-shelter"], languages=["en", "es"])
    order, results = ranked(backend_name, needs=["emergency-shelter", "case-management"], languages=["es"])
    assert order == ["Both Needs English", "One Need Spanish"]
    assert "Speaks Spanish" in results[1]["reasons"]  # the weaker key was really in play


def test_language_outranks_urgent_reachability(backend_name):
    make_service(title="A Around The Clock English", needs=["crisis-line"], languages=["en"], intake_24_7=True)
    make_service(title="B Spanish Closed Now", needs=["crisis-line"], languages=["en", "es"], schedules=CLOSED_NOW)
    order, results = ranked(backend_name, needs=["crisis-line"], languages=["es"], urgent=True)
    assert order == ["B Spanish Closed Now", "A Around The Clock English"]
    assert "Speaks Spanish" in results[0]["reasons"] and "24/7 intake" in results[1]["reasons"]


def test_urgent_reachability_outranks_fit(backend_name):
    make_service(title="A For Adults Closed Now", needs=["crisis-line"], minimum_age=18, schedules=CLOSED_NOW)
    make_service(title="B Anyone Around The Clock", needs=["crisis-line"], intake_24_7=True)
    order, results = ranked(backend_name, needs=["crisis-line"], age=30, urgent=True)
    assert order == ["B Anyone Around The Clock", "A For Adults Closed Now"]
    assert "24/7 intake" in results[0]["reasons"]
    assert "Serves ages 18 and over only" in results[1]["reasons"]  # the fit was really in play
    # Not urgent: the same two by fit alone.
    assert ranked(backend_name, needs=["crisis-line"], age=30)[0] == [
        "A For Adults Closed Now",
        "B Anyone Around The Clock",
    ]


def test_fit_outranks_free_places(backend_name):
    beds = make_service(title="A Beds Free For Anyone", needs=["emergency-shelter"])
    make_service(title="B For Minors No Report", needs=["emergency-shelter"], populations=["minors"])
    report_places(beds, places_free=3, hours_ago=2)
    order, results = ranked(backend_name, needs=["emergency-shelter"], age=15)
    assert order == ["B For Minors No Report", "A Beds Free For Anyone"]
    assert "Specialises in minors (under 18)" in results[0]["reasons"]
    assert "3 places free, updated 2 h ago" in results[1]["reasons"]  # the capacity was really in play
    assert results[0]["score"] > results[1]["score"]


def test_free_places_outrank_distance(backend_name):
    near = make_organization(title="Near Org", postal_code="95814")
    far = make_organization(title="Far Org", postal_code="95630")
    make_service(near, title="A Near No Report", needs=["emergency-shelter"])
    beds = make_service(far, title="B Far Beds Free", needs=["emergency-shelter"])
    report_places(beds, places_free=2, hours_ago=70)  # inside the 72 hours
    order, results = ranked(backend_name, needs=["emergency-shelter"], postal_code="95814")
    assert order == ["B Far Beds Free", "A Near No Report"]
    assert results[0]["distance_miles"] > results[1]["distance_miles"]
    assert "2 places free, updated 2 days ago" in results[0]["reasons"]
    # A report older than 72 hours no longer counts: distance alone decides.
    report_places(beds, places_free=2, hours_ago=73)
    assert ranked(backend_name, needs=["emergency-shelter"], postal_code="95814")[0] == [
        "A Near No Report",
        "B Far Beds Free",
    ]


def test_urgent_reachability_outranks_distance(backend_name):
    near = make_organization(title="Near Org", postal_code="95814")
    far = make_organization(title="Far Org", postal_code="95630")
    make_service(near, title="A Near Closed Now", needs=["crisis-line"], schedules=CLOSED_NOW)
    make_service(far, title="B Far Around The Clock", needs=["crisis-line"], intake_24_7=True)
    order, results = ranked(backend_name, needs=["crisis-line"], urgent=True, postal_code="95814")
    assert order == ["B Far Around The Clock", "A Near Closed Now"]
    assert results[0]["distance_miles"] > results[1]["distance_miles"]
    # Without urgency the same two are ordered by distance: the weaker key alone would have decided otherwise.
    order, _results = ranked(backend_name, needs=["crisis-line"], postal_code="95814")
    assert order == ["A Near Closed Now", "B Far Around The Clock"]


def test_distance_outranks_name(backend_name):
    near = make_organization(title="Near Org", postal_code="95814")
    far = make_organization(title="Far Org", postal_code="95630")
    make_service(near, title="Zeta Near", needs=["medical"])
    make_service(far, title="Alpha Far", needs=["medical"])
    order, results = ranked(backend_name, needs=["medical"], postal_code="95814")
    assert order == ["Zeta Near", "Alpha Far"]
    assert results[0]["distance_miles"] < results[1]["distance_miles"]
    assert ranked(backend_name, needs=["medical"])[0] == ["Alpha Far", "Zeta Near"]  # name alone


def test_name_outranks_service_id_and_the_id_breaks_a_full_tie(backend_name):
    # The Aardvark has the largest id and the twins were made out of id order: only the rule can sort them.
    ids = [uuid.UUID(int=n << 120) for n in (3, 1, 2, 15)]
    for title, hsds_id in zip(("Twin", "Twin", "Twin", "Aardvark"), ids, strict=True):
        make_service(title=title, needs=["peer-support"], hsds_id=hsds_id)
    order, results = ranked(backend_name, needs=["peer-support"])
    assert order == ["Aardvark", "Twin", "Twin", "Twin"]
    assert [r["service_id"] for r in results] == [str(ids[3]), str(ids[1]), str(ids[2]), str(ids[0])]


def test_elasticsearch_fetches_the_candidates_the_ranking_would_put_first(backend_name):
    """Elasticsearch returns a window (limit x 2 + 10) that the shared ranking then settles: if its own sort
    disagreed with the ranking, the right answer could fall outside the window and never be shown."""
    far = make_organization(title="Far Org", postal_code="95630")
    near = make_organization(title="Near Org", postal_code="95814")
    for letter in "ABCDEFGHIJKLM":  # 13 services the alphabet puts first: more than the window for limit 1
        make_service(far, title=f"{letter} Far", needs=["medical"])
    make_service(near, title="Zeta Near", needs=["medical"])
    order, results = ranked(backend_name, needs=["medical"], postal_code="95814", limit=1)
    assert order == ["Zeta Near"]
    assert results[0]["distance_miles"] == 0.0
