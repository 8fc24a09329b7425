"""Judged cases where two adjacent ranking keys of CONTRACT §2 disagree, one case per pair: the stronger key wins.

Each case builds two services that the stronger key orders one way and the weaker key the other way, with every
other key equal. Swapping two keys' weights (or their order in a sort) makes exactly that case fail. Both backends.
Pairs through "fit" and "live capacity" (§2 keys 4 and 5) are left to the matching work that adds those keys; the
urgent/distance case holds them equal (no specialisation, no capacity report).
"""

import pytest

from search import service
from tests.factories import make_organization, make_service

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db

CLOSED_NOW = [(2, "09:00", "17:00")]  # Wednesdays only; the clock says Monday 10:00


def ranked(backend_name, **request):
    response = service.match(request, now=MONDAY_10AM)
    assert response["backend"] == backend_name
    return [r["service_name"] for r in response["results"]], response["results"]


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
    services = [make_service(title=title, needs=["peer-support"]) for title in ("Twin", "Twin", "Twin", "Aardvark")]
    order, results = ranked(backend_name, needs=["peer-support"])
    assert order == ["Aardvark", "Twin", "Twin", "Twin"]
    twins = sorted(str(s.hsds_id) for s in services[:3])
    assert [r["service_id"] for r in results[1:]] == twins
    # Whatever the ids, the name decides first: the service with the largest id could be the Aardvark.
    assert results[0]["service_id"] == str(services[3].hsds_id)
