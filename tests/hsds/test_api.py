"""The public HSDS API under /api/hsds/, as a client of the official OpenAPI document sees it."""

import pytest

from directory.hsds import schemas
from directory.hsds import taxonomies as tx


def get(client, path, **params):
    response = client.get(f"/api/hsds{path}", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def valid(path_template, body):
    problems = schemas.response_errors(path_template, body)
    assert problems == []
    return body


def ids(page):
    return [item["id"] for item in page["contents"]]


def test_every_endpoint_answers_with_what_the_openapi_document_promises(client, coalition):
    night, shelter = coalition["night"], coalition["shelter"]
    need_term = tx.term_id("coalition-need", "emergency-shelter")
    root = valid("/", get(client, "/"))
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/hsds/openapi.json")
    valid("/services", get(client, "/services"))
    valid("/services", get(client, "/services", full="true"))
    valid("/services", get(client, "/services", minimal="true"))
    valid("/services/{id}", get(client, f"/services/{night.hsds_id}"))
    valid("/organizations", get(client, "/organizations"))
    valid("/organizations", get(client, "/organizations", full="true", full_service="true"))
    valid("/organizations/{id}", get(client, f"/organizations/{shelter.hsds_id}"))
    valid("/organizations/{id}", get(client, f"/organizations/{shelter.hsds_id}", full_service="true"))
    sals = valid("/service_at_locations", get(client, "/service_at_locations"))
    valid("/service_at_locations", get(client, "/service_at_locations", full="true"))
    valid("/service_at_locations/{id}", get(client, f"/service_at_locations/{sals['contents'][0]['id']}"))
    valid("/taxonomies", get(client, "/taxonomies"))
    valid("/taxonomies/{id}", get(client, f"/taxonomies/{tx.taxonomy_id('coalition-need')}"))
    valid("/taxonomy_terms", get(client, "/taxonomy_terms"))
    valid("/taxonomy_terms/{id}", get(client, f"/taxonomy_terms/{need_term}"))


def test_a_service_carries_the_coalition_profile_as_attributes(client, coalition):
    body = get(client, f"/services/{coalition['night'].hsds_id}")
    codes = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"], a.get("value")) for a in body["attributes"]}
    assert codes == {
        ("coalition-need", "emergency-shelter", None),
        ("coalition-need", "basic-needs", None),
        ("coalition-population", "women", None),
        ("coalition-population", "adults", None),
        ("coalition-gender", "female", None),
        ("coalition-gender", "transgender-nonbinary", None),
        ("coalition-trafficking-type", "sex", None),
        ("coalition-intake", "24-7", None),
        ("coalition-intake", "accepting-referrals", "true"),
    }
    assert {lang["code"] for lang in body["languages"]} == {"en", "es"}
    assert body["minimum_age"] == 18 and "maximum_age" not in body
    visas = get(client, f"/services/{coalition['visas'].hsds_id}")
    assert {(s["byday"], s["opens_at"], s["closes_at"]) for s in visas["schedules"]} == {
        ("MO", "09:00", "17:00"),
        ("WE", "09:00", "17:00"),
        ("FR", "20:00", "02:00"),
    }
    accepting = [a for a in visas["attributes"] if a["taxonomy_term"]["code"] == "accepting-referrals"]
    assert accepting[0]["value"] == "false"


def test_a_confidential_shelter_address_never_leaves_the_site(client, coalition):
    body = client.get(f"/api/hsds/services/{coalition['night'].hsds_id}").content.decode()
    assert "Hidden Lane" not in body
    assert "38.57123" not in body and "-121.48765" not in body  # the ZIP code's centre instead
    listing = client.get("/api/hsds/service_at_locations", {"full": "true"}).content.decode()
    assert "Hidden Lane" not in listing
    assert "400 Oak Avenue" in listing  # an ordinary office keeps its street address


def test_only_published_services_appear(client, coalition):
    listed = ids(get(client, "/services", per_page=100))
    assert str(coalition["night"].hsds_id) in listed
    assert str(coalition["draft"].hsds_id) not in listed
    assert client.get(f"/api/hsds/services/{coalition['draft'].hsds_id}").status_code == 404
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    coalition["clinic"].unpublish()
    assert str(coalition["visas"].hsds_id) not in ids(get(client, "/services"))
    assert client.get(f"/api/hsds/services/{coalition['visas'].hsds_id}").status_code == 404


def test_pages_follow_the_paging_envelope(client, coalition):
    first = get(client, "/services", per_page=1)
    assert first["total_items"] == 2 and first["total_pages"] == 2 and first["size"] == 1
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = get(client, "/services", per_page=1, page=2)
    assert second["page_number"] == 2 and second["last_page"] and not second["first_page"]
    assert ids(first) != ids(second)
    beyond = get(client, "/services", per_page=1, page=5)
    assert beyond["empty"] and beyond["contents"] == []
    assert client.get("/api/hsds/services", {"page": "zero"}).status_code == 400


def test_filters_narrow_the_services(client, coalition):
    night, visas = str(coalition["night"].hsds_id), str(coalition["visas"].hsds_id)
    shelter_term = tx.term_id("coalition-need", "emergency-shelter")
    assert ids(get(client, "/services", taxonomy_term_id=shelter_term)) == [night]
    assert ids(get(client, "/services", taxonomy_id=tx.taxonomy_id("coalition-gender"))) == [night]
    assert ids(get(client, "/services", organization_id=str(coalition["clinic"].hsds_id))) == [visas]
    assert ids(get(client, "/services", modified_after="2999-01-01T00:00:00Z")) == []
    assert len(ids(get(client, "/services", modified_after="2000-01-01"))) == 2
    assert client.get("/api/hsds/services", {"modified_after": "yesterday"}).status_code == 400
    minimal = get(client, "/services", minimal="true")["contents"][0]
    assert set(minimal) <= {"id", "name", "status", "last_modified"}


def test_search_goes_through_the_search_interface(client, coalition):
    found = ids(get(client, "/services", search="visa"))
    assert found == [str(coalition["visas"].hsds_id)]


def test_postcode_and_proximity_find_nearby_service_locations(client, coalition):
    folsom = get(client, "/service_at_locations", postcode="95630")
    assert [c["location_id"] for c in folsom["contents"]] == [
        str(coalition["clinic"].locations.get(postal_code="95630").hsds_id)
    ]
    near = get(client, "/service_at_locations", postcode="95814", proximity="8000")
    assert {c["service_id"] for c in near["contents"]} == {
        str(coalition["night"].hsds_id),
        str(coalition["visas"].hsds_id),
    }
    far_only = get(client, "/service_at_locations", postcode="95630", proximity="1000")
    assert {c["service_id"] for c in far_only["contents"]} == {str(coalition["visas"].hsds_id)}


def test_taxonomies_are_the_profiles_vocabularies_with_stable_ids(client, site_tree):
    names = {t["name"]: t["id"] for t in get(client, "/taxonomies")["contents"]}
    assert set(names) == {
        "coalition-need",
        "coalition-population",
        "coalition-gender",
        "coalition-trafficking-type",
        "coalition-intake",
    }
    import uuid

    assert names["coalition-need"] == str(uuid.uuid5(tx.PROFILE_NAMESPACE, "coalition-need"))
    terms = get(client, "/taxonomy_terms", taxonomy_id=names["coalition-intake"])["contents"]
    assert {t["code"] for t in terms} == {"24-7", "accepting-referrals"}
    assert get(client, "/taxonomy_terms", per_page=500)["total_items"] == 19 + 10 + 3 + 2 + 2


def test_the_api_is_read_only_cacheable_and_open_to_other_sites(client, coalition):
    assert client.post("/api/hsds/services", {}).status_code == 405
    assert client.delete(f"/api/hsds/services/{coalition['night'].hsds_id}").status_code == 405
    response = client.get("/api/hsds/services", HTTP_ORIGIN="https://partner.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    again = client.get("/api/hsds/services", HTTP_ORIGIN="https://partner.example.org", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    preflight = client.options(
        "/api/hsds/services", HTTP_ORIGIN="https://partner.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200 and preflight["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/api/referrals/match", "/directory/"])
def test_cors_stays_off_outside_the_hsds_api(client, site_tree, path):
    response = client.get(path, HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_full_services_come_from_the_cache_until_a_publish(
    client, coalition, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from directory.models import ServicePage

    cache = caches[settings.PAGES_CACHE]
    settings.HSDS_FULL_CACHE_SECONDS = 600
    cache.clear()
    night = coalition["night"]
    first = get(client, "/services", full="true")
    ServicePage.objects.filter(pk=night.pk).update(title="Changed behind the cache's back")
    assert get(client, "/services", full="true") == first  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        night.refresh_from_db()
        night.title = "Evening Shelter"
        night.save_revision().publish()
    names = [s["name"] for s in get(client, "/services", full="true")["contents"]]
    assert "Evening Shelter" in names
    cache.clear()


def test_list_pages_come_from_the_cache_until_a_publish_but_search_pages_never(
    client, coalition, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from directory.models import ServicePage

    cache = caches[settings.PAGES_CACHE]
    settings.HSDS_FULL_CACHE_SECONDS = 600
    cache.clear()
    night = coalition["night"]
    first = get(client, "/services")
    searched = get(client, "/services", search="shelter")
    ServicePage.objects.filter(pk=night.pk).update(title="Changed behind the cache's back")
    assert get(client, "/services") == first  # served from the cache
    assert get(client, "/services", search="shelter") != searched  # read again: the index may have moved on
    with django_capture_on_commit_callbacks(execute=True):
        night.refresh_from_db()
        night.title = "Evening Shelter"
        night.save_revision().publish()
    names = [s["name"] for s in get(client, "/services")["contents"]]
    assert "Evening Shelter" in names
    cache.clear()


@pytest.mark.parametrize(
    ("path", "typed"),
    [
        ("/services", {"postcode": "95814"}),
        ("/services", {"postcode": "95814", "proximity": "8000"}),
        ("/services", {"search": "shelter for my sister"}),
        ("/service_at_locations", {"postcode": "95630"}),
    ],
)
def test_an_answer_to_what_someone_typed_is_kept_by_no_cache(client, coalition, settings, path, typed):
    """A ZIP code or words a partner's visitor typed: neither our cache (whose key, a hash of the URL, gives the
    ZIP code back to whoever tries the 42,000 codes) nor a browser or proxy keeps the answer."""
    from django.core.cache import caches

    cache = caches[settings.PAGES_CACHE]
    settings.HSDS_FULL_CACHE_SECONDS = 600
    cache.clear()
    response = client.get(f"/api/hsds{path}", typed)
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "no-store" in control and "private" in control and "public" not in control
    assert not any(key.startswith("hsds:") for key in _cache_keys(cache))
    assert "public" in client.get(f"/api/hsds{path}")["Cache-Control"]  # the same list without them is shared
    cache.clear()


def _cache_keys(cache) -> list[str]:
    """The keys the pages cache holds (each process's memory in tests), without Django's version prefix."""
    return [key.split(":", 2)[-1] for key in cache._cache]


def test_a_page_of_services_costs_the_same_queries_however_many_services_exist(client, coalition):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_service

    def queries_for_a_page():
        with CaptureQueriesContext(connection) as captured:
            page = get(
                client, "/services", per_page="2", taxonomy_term_id=tx.term_id("coalition-need", "case-management")
            )
        # The page is cut in the database: the services are read with LIMIT, not all of them then sliced.
        assert any("LIMIT 2" in query["sql"] for query in captured.captured_queries)
        return len(captured), page

    organization = coalition["shelter"]
    for _ in range(2):
        make_service(organization, needs=["case-management"])
    before, _ = queries_for_a_page()
    for _ in range(10):
        make_service(organization, needs=["case-management"])
    after, page = queries_for_a_page()
    assert page["total_items"] >= 12 and page["size"] == 2
    assert after == before


def test_a_page_of_services_reads_no_organization_locations(client, coalition):
    """The list form shows each service's organization by its own fields; its locations are not read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page = get(client, "/services", per_page="50")
    assert page["size"] >= 2
    assert not [q["sql"] for q in captured.captured_queries if '"directory_location"' in q["sql"]]


def test_a_service_at_location_is_found_without_reading_every_service(client, coalition, monkeypatch):
    """/service_at_locations/{id} reads the published (service, location) ids as values and builds only the
    service it finds: one service page built (the old lookup built every published service), the same queries
    with 2 or 12 more services, and the same answer as the list gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.models import ServicePage
    from tests.factories import make_service

    organization = coalition["shelter"]
    for _ in range(2):
        make_service(organization, needs=["case-management"])
    listed = get(client, "/service_at_locations", full="true", per_page="1")["contents"][0]

    built = []
    from_db = ServicePage.from_db.__func__

    def counting_from_db(cls, db, field_names, values):
        built.append(cls)
        return from_db(cls, db, field_names, values)

    monkeypatch.setattr(ServicePage, "from_db", classmethod(counting_from_db))

    def queries_for_one():
        built.clear()
        with CaptureQueriesContext(connection) as captured:
            found = get(client, f"/service_at_locations/{listed['id']}")
        return len(captured), found

    before, found = queries_for_one()
    assert found == listed
    assert len(built) == 1
    for _ in range(10):
        make_service(organization, needs=["case-management"])
    after, _ = queries_for_one()
    assert after == before and len(built) == 1
    assert client.get("/api/hsds/service_at_locations/00000000-0000-4000-8000-000000000000").status_code == 404
