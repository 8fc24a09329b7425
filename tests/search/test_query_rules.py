"""The rules both backends share (search/query.py), on plain documents: the hard filters and their names, what the
client's facts imply, fit, live capacity, opening hours, distances and the sentences that explain a result.

No database and no index: each case states one rule at its edge (the last age admitted, the 72nd hour, the
closing minute), so an off-by-one or a dropped condition fails here, quickly, whatever the backend.
"""

import pytest

from directory.geocode import distance_miles
from search import query as q

NOW = 2_000_000_000  # seconds since the epoch: the clock of every capacity case
ORIGIN = q.Origin("95814", 38.5816, -121.4944)  # downtown Sacramento
FOLSOM = (38.6780, -121.1761)  # about 18 miles east
HOUR = 3600


def doc(**fields):
    base = {
        "service_id": "00000000-0000-0000-0000-000000000001",
        "title": "Harbor Shelter",
        "name_sort": "harbor shelter",
        "organization_id": "org-1",
        "organization_name": "Harbor House",
        "status": "active",
        "accepting_referrals": True,
        "needs": ["emergency-shelter", "case-management"],
        "need_labels": {
            "emergency-shelter": {"en": "Emergency shelter", "es": "Albergue de emergencia"},
            "case-management": {"en": "Case management", "es": "Gestión de casos"},
            "hiv-testing": {"en": "HIV testing", "es": "Prueba del VIH"},
        },
        "languages": ["en", "es"],
        "language_labels": {"en": {"en": "English", "es": "Inglés"}, "es": {"en": "Spanish", "es": "Español"}},
        "populations": [],
        "population_labels": {
            "minors": {"en": "Minors (under 18)", "es": "Menores de edad"},
            "women": {"en": "Women", "es": "Mujeres"},
        },
        "genders": [],
        "trafficking_types": [],
        "minimum_age": None,
        "maximum_age": None,
        "intake_24_7": False,
        "open_ranges": [],
        "places_free": None,
        "capacity_at": None,
        "locations": [],
    }
    base.update(fields)
    return base


def at(lat, lon, public=None):
    """A location; `public` is where the public may see it (a confidential address shows its ZIP centre)."""
    plat, plon = public or (lat, lon)
    return {"lat": lat, "lon": lon, "public_lat": plat, "public_lon": plon}


def request(**fields):
    fields.setdefault("needs", ["emergency-shelter"])
    fields.setdefault("now", NOW)
    return q.MatchRequest(**fields)


# --- Hard filters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "req", "failed"),
    [
        ({"status": "inactive"}, {}, "unavailable"),
        ({"status": "temporarily closed"}, {}, "unavailable"),
        ({"accepting_referrals": False}, {}, "not_accepting"),
        ({"needs": ["medical"]}, {}, "needs"),
        ({"minimum_age": 18}, {"age": 17}, "age"),
        ({"maximum_age": 17}, {"age": 18}, "age"),
        ({"genders": ["female"]}, {"gender": "male"}, "gender"),
        ({"trafficking_types": ["labor"]}, {"trafficking_type": "sex"}, "trafficking_type"),
        ({"locations": [at(*FOLSOM)]}, {"origin": ORIGIN, "radius_miles": 10.0}, "radius"),
        ({"locations": []}, {"origin": ORIGIN, "radius_miles": 10.0}, "radius"),  # nowhere is not within
    ],
)
def test_each_hard_filter_refuses_by_its_own_name(fields, req, failed):
    service, client = doc(**fields), request(**req)
    assert not q.admits(service, client)
    assert q.failed_filters(service, client) == [failed]
    assert q.filter_label(failed)  # the advocate who overrides it is told why in words


@pytest.mark.parametrize(
    ("fields", "req"),
    [
        ({}, {}),
        ({"minimum_age": 18}, {"age": 18}),  # the bounds are inclusive
        ({"maximum_age": 17}, {"age": 17}),
        ({"minimum_age": 18, "maximum_age": 24}, {}),  # an omitted fact constrains nothing
        ({"genders": ["female", "transgender-nonbinary"]}, {"gender": "transgender-nonbinary"}),
        ({"genders": ["female"]}, {}),
        ({"trafficking_types": ["labor"]}, {"trafficking_type": "labor"}),
        ({"trafficking_types": ["sex"]}, {}),
        ({"needs": ["medical", "emergency-shelter"]}, {"needs": ["emergency-shelter", "legal-civil"]}),
        ({"locations": [at(*FOLSOM)]}, {"origin": ORIGIN}),  # a ZIP without a radius only measures
        ({"locations": [at(*FOLSOM), at(ORIGIN.latitude, ORIGIN.longitude)]}, {"origin": ORIGIN, "radius_miles": 1.0}),
    ],
)
def test_a_service_that_meets_every_filter_is_admitted(fields, req):
    service, client = doc(**fields), request(**req)
    assert q.admits(service, client)
    assert q.failed_filters(service, client) == []


def test_the_radius_admits_a_location_exactly_at_its_edge():
    service = doc(locations=[at(*FOLSOM)])
    miles = distance_miles(ORIGIN.latitude, ORIGIN.longitude, *FOLSOM)
    assert 15 < miles < 22
    assert q.admits(service, request(origin=ORIGIN, radius_miles=miles))
    assert q.failed_filters(service, request(origin=ORIGIN, radius_miles=miles)) == []
    assert not q.admits(service, request(origin=ORIGIN, radius_miles=miles - 0.01))


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("unavailable", "not published or not active"),
        ("not_accepting", "not accepting referrals now"),
        ("needs", "provides none of the needs"),
        ("age", "the client's age is outside its ages"),
        ("gender", "serves only other genders"),
        ("trafficking_type", "serves only the other trafficking type"),
        ("radius", "farther than the radius"),
    ],
)
def test_the_advocate_who_overrides_a_filter_reads_why_in_plain_words(code, words):
    assert q.filter_label(code) == words


def test_every_failed_filter_is_named_in_order():
    service = doc(status="inactive", accepting_referrals=False, needs=["medical"], minimum_age=21, genders=["male"])
    client = request(age=20, gender="female", trafficking_type="sex")
    assert q.failed_filters(service, client) == ["unavailable", "not_accepting", "needs", "age", "gender"]
    labels = [q.filter_label(code) for code in q.FILTER_CODES]
    assert len(set(labels)) == len(q.FILTER_CODES) and all(labels)


# --- Fit ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "gender", "implied"),
    [
        (None, None, []),
        (15, None, ["minors"]),
        (16, None, ["minors", "transition-age-youth"]),
        (17, None, ["minors", "transition-age-youth"]),
        (18, None, ["transition-age-youth", "adults"]),
        (24, None, ["transition-age-youth", "adults"]),
        (25, None, ["adults"]),
        (None, "female", ["women"]),
        (None, "male", ["men"]),
        (30, "transgender-nonbinary", ["adults", "transgender-nonbinary"]),
    ],
)
def test_the_clients_facts_imply_populations(age, gender, implied):
    assert request(age=age, gender=gender).populations == implied


def test_fit_counts_each_specialisation_that_matches_the_client():
    service = doc(minimum_age=12, maximum_age=17, populations=["men", "minors", "women"], trafficking_types=["sex"])
    client = request(age=15, gender="female", trafficking_type="sex")
    assert q.age_fit(service, client)
    assert q.population_fit(service, client) == ["minors", "women"]  # in the service's order
    assert q.trafficking_fit(service, client)
    assert q.fit_score(service, client) == 4
    reasons = q.reasons(service, client)
    assert "Serves ages 12-17 only" in reasons
    assert "Specialises in minors (under 18) and women" in reasons
    assert "Specialises in sex trafficking" in reasons


def test_what_is_not_a_fit():
    restricted = doc(minimum_age=18, trafficking_types=["labor", "sex"])
    assert not q.age_fit(restricted, request())  # no age given: an age restriction says nothing
    assert not q.age_fit(doc(), request(age=30))  # no restriction: nothing special
    assert not q.trafficking_fit(restricted, request(trafficking_type="labor"))  # serves both: general
    assert not q.trafficking_fit(doc(trafficking_types=["labor"]), request())
    assert q.fit_score(restricted, request(trafficking_type="labor")) == 0
    assert not any(r.startswith(("Serves ages", "Specialises")) for r in q.reasons(restricted, request()))


# --- Live capacity -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places_free", "age_seconds", "counts"),
    [
        (3, 2 * HOUR, True),
        (1, 72 * HOUR, True),  # the 72nd hour still counts
        (1, 72 * HOUR + 1, False),
        (0, HOUR, False),  # a fresh report of no places is not capacity
        (None, HOUR, False),
        (5, None, False),
    ],
)
def test_free_places_count_when_reported_in_the_last_72_hours(places_free, age_seconds, counts):
    service = doc(places_free=places_free, capacity_at=None if age_seconds is None else NOW - age_seconds)
    assert q.has_capacity(service, request()) is counts
    with_capacity = q.match_score(service, request())
    assert (with_capacity > q.match_score(doc(), request())) is counts


@pytest.mark.parametrize(
    ("places_free", "age_seconds", "reason"),
    [
        (3, 2 * HOUR, "3 places free, updated 2 h ago"),
        (1, 5 * 60, "1 place free, updated 5 min ago"),
        (0, HOUR, "No places free, updated 1 h ago"),
        (2, 72 * HOUR, "2 places free, updated 3 days ago"),
        (2, 72 * HOUR + 1, ""),
        (None, HOUR, ""),
        (4, None, ""),
    ],
)
def test_the_capacity_reason_says_how_many_and_how_old(places_free, age_seconds, reason):
    service = doc(places_free=places_free, capacity_at=None if age_seconds is None else NOW - age_seconds)
    assert q.capacity_reason(service, request()) == reason
    assert (reason in q.reasons(service, request())) is bool(reason)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (-30, "1 min"),  # a clock a little behind never says "0 min" or a negative age
        (0, "1 min"),
        (119, "1 min"),
        (120, "2 min"),
        (3599, "59 min"),
        (3600, "1 h"),
        (48 * HOUR - 1, "47 h"),
        (48 * HOUR, "2 days"),
        (10 * 86400, "10 days"),
    ],
)
def test_time_ago_is_short_and_rounded_down(seconds, said):
    assert q.time_ago(seconds) == said


# --- Opening hours, distance and the words of a result -----------------------------------------------------


def test_open_now_includes_the_opening_minute_and_not_the_closing_one():
    service = doc(open_ranges=[[600, 1020]])
    assert [q.is_open_at(service, m) for m in (599, 600, 1019, 1020)] == [False, True, True, False]
    assert q.is_open_at(doc(intake_24_7=True), 0)


def test_reachability_reasons():
    closed = doc(open_ranges=[[600, 1020]])
    assert "24/7 intake" in q.reasons(doc(intake_24_7=True), request(urgent=True))
    assert "Open now" in q.reasons(closed, request(minute=700))
    assert "Closed now" in q.reasons(closed, request(minute=100, urgent=True))
    assert not {"Closed now", "Open now", "24/7 intake"} & set(q.reasons(closed, request(minute=100)))
    # Reachable now counts only when urgent.
    assert q.match_score(closed, request(minute=700, urgent=True)) > q.match_score(closed, request(minute=700))
    assert q.match_score(closed, request(minute=100, urgent=True)) == q.match_score(closed, request(minute=100))


def test_distance_is_to_the_nearest_location_and_public_searches_see_the_zip_centre():
    confidential = at(*FOLSOM, public=(ORIGIN.latitude, ORIGIN.longitude))
    service = doc(locations=[confidential])
    assert q.nearest_miles(service, ORIGIN, public=True) == 0.0  # the public sees the ZIP centre
    assert q.nearest_miles(service, ORIGIN) > 15  # an advocate's match measures to the true place
    two = doc(locations=[at(*FOLSOM), at(38.59, -121.49)])
    assert q.nearest_miles(two, ORIGIN) < 1
    assert q.nearest_miles(two, None) is None
    unplaced = doc(locations=[{"lat": 38.6, "lon": -121.4, "public_lat": None, "public_lon": None}])
    assert q.nearest_miles(unplaced, ORIGIN, public=True) is None  # never measured at its true point


def test_distance_reasons_are_rounded_and_very_near_is_said_so():
    very_near = doc(locations=[at(ORIGIN.latitude + 0.0005, ORIGIN.longitude)])
    assert "Less than 0.1 miles away" in q.reasons(very_near, request(origin=ORIGIN))
    far = doc(locations=[at(*FOLSOM)])
    miles = q.round_miles(q.nearest_miles(far, ORIGIN))
    assert f"{miles} miles away" in q.reasons(far, request(origin=ORIGIN))
    assert q.round_miles(12.345) == 12.3 and q.round_miles(None) is None
    assert not any("miles" in r for r in q.reasons(far, request()))


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (12, 17, "Serves ages 12-17 only"),
        (18, None, "Serves ages 18 and over only"),
        (None, 24, "Serves ages up to 24 only"),
    ],
)
def test_age_restrictions_are_said_as_the_ages_served(low, high, said):
    service = doc(minimum_age=low, maximum_age=high)
    assert q.age_range_reason(service) == said
    assert said in q.reasons(service, request(age=17 if high else 30))


def test_provides_names_the_matched_needs_in_the_services_order_in_lower_case_but_keeps_acronyms():
    service = doc(needs=["hiv-testing", "emergency-shelter", "case-management"])
    client = request(needs=["case-management", "emergency-shelter", "hiv-testing", "medical"])
    assert q.reasons(service, client)[0] == "Provides HIV testing, emergency shelter and case management"
    result = q.match_result(service, client)
    assert result["matched_needs"] == ["hiv-testing", "emergency-shelter", "case-management"]
    assert q.reasons(service, request())[0] == "Provides emergency shelter"


def test_speaks_names_only_the_languages_the_client_speaks():
    assert "Speaks Spanish" in q.reasons(doc(), request(languages=["es", "vi"]))
    assert not any(r.startswith("Speaks") for r in q.reasons(doc(), request(languages=["vi"])))
    assert not any(r.startswith("Speaks") for r in q.reasons(doc(), request()))
    # Speaking a language the client did not name earns nothing.
    assert q.match_score(doc(), request(languages=["vi"])) == q.match_score(doc(), request())
    assert q.match_score(doc(), request(languages=["es"])) > q.match_score(doc(), request())


def test_rank_matches_cuts_at_the_limit_and_keeps_the_order_through_load():
    services = [doc(service_id=f"id-{n}", title=f"S{n}", name_sort=f"s{n}") for n in (3, 1, 2)]
    loaded = []

    def load(docs):
        loaded.extend(d["service_id"] for d in docs)
        return docs

    results = q.rank_matches(services, request(limit=2), load=load)
    assert [r["service_name"] for r in results] == ["S1", "S2"]
    assert loaded == ["id-1", "id-2"]


# --- Public search -----------------------------------------------------------------------------------------


def test_public_search_filters_and_sorts():
    downtown = doc(service_id="a", name_sort="zeta", locations=[at(ORIGIN.latitude, ORIGIN.longitude)])
    folsom = doc(service_id="b", name_sort="alpha", locations=[at(*FOLSOM)], intake_24_7=True, populations=["women"])
    nowhere = doc(service_id="c", name_sort="beta")
    inactive = doc(status="inactive")
    near = q.SearchRequest(origin=ORIGIN, radius_miles=5.0)
    assert [q.search_admits(d, near) for d in (downtown, folsom, nowhere)] == [True, False, False]
    assert not q.search_admits(inactive, q.SearchRequest())
    assert [q.search_admits(d, q.SearchRequest(intake_24_7=True)) for d in (downtown, folsom)] == [False, True]
    assert [q.search_admits(d, q.SearchRequest(populations=["women"])) for d in (downtown, folsom)] == [False, True]
    assert not q.search_admits(downtown, q.SearchRequest(languages=["vi"]))
    assert not q.search_admits(downtown, q.SearchRequest(needs=["medical"]))
    assert not q.search_admits(downtown, q.SearchRequest(open_now=True, minute=10))

    by_distance = q.SearchRequest(origin=ORIGIN, sort="distance")
    ordered = sorted([nowhere, folsom, downtown], key=lambda d: q.search_sort_key(d, by_distance))
    assert [d["service_id"] for d in ordered] == ["a", "b", "c"]  # no location: last
    by_name = sorted([nowhere, folsom, downtown], key=lambda d: q.search_sort_key(d, q.SearchRequest()))
    assert [d["service_id"] for d in by_name] == ["b", "c", "a"]
    relevant = sorted(
        [folsom, downtown], key=lambda d: q.search_sort_key(d, q.SearchRequest(), relevance=len(d["name_sort"]))
    )
    assert [d["service_id"] for d in relevant] == ["b", "a"]  # "alpha" 5 letters outranks "zeta" 4


def test_facet_counts_count_each_service_once_per_value():
    services = [doc(intake_24_7=True), doc(open_ranges=[[0, 100]], languages=["es"]), doc(populations=["women"])]
    counts = q.facet_counts(services, q.SearchRequest(minute=50))
    assert counts["languages"] == {"en": 2, "es": 3}
    assert counts["needs"] == {"emergency-shelter": 3, "case-management": 3}
    assert counts["populations"] == {"women": 1}
    assert counts["open_now"] == {"open_now": 2}
    assert counts["intake_24_7"] == {"intake_24_7": 1}
