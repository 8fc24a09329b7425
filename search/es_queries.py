"""Elasticsearch query bodies for matching, public search and type-ahead, built with elasticsearch.dsl.

Kept apart from the documents and the client so a test can read a query's dict without a cluster.
Every rule mirrors search.query (the embedded backend's Python side): keep them in step.
"""

from elasticsearch.dsl import Q, Search

from directory.taxonomy import TRAFFICKING_TYPE_CODES

from . import query as q
from .words import ES_FUZZINESS, normalize_text

HELPER_FIELDS = {"labels", "open_minutes", "points", "public_points", "suggest", "text_es"}
# Results and ranking never read these: leaving them out of hits keeps responses small.
UNREAD_FIELDS = sorted(HELPER_FIELDS | {"description", "how_to_get_help", "eligibility"})
TEXT_FIELDS = [
    "title^4",
    "title.en^3",
    "title.es^3",
    "organization_name^2",
    "organization_name.en^2",
    "labels^2",
    "labels.en^2",
    "labels.es^2",
    "summary",
    "summary.en",
    "summary.es",
    "description.en",
    "description.es",
    "how_to_get_help.en",
    "how_to_get_help.es",
    "eligibility.en",
    "eligibility.es",
    "text_es",  # the Spanish translation's words, Spanish analyzer
]


def _restriction(field: str, code: str) -> Q:
    """An empty list means no restriction; otherwise the list must contain the code."""
    return Q(
        "bool",
        should=[Q("bool", must_not=Q("exists", field=field)), Q("term", **{field: code})],
        minimum_should_match=1,
    )


def _open_at(minute: int) -> Q:
    return Q("bool", should=[Q("term", intake_24_7=True), Q("term", open_minutes=minute)], minimum_should_match=1)


# Matching (advocates) measures to the true points; public search to the public ones, where a
# confidential address stands at its ZIP centre (search.documents.public_points).
MATCH_POINTS, PUBLIC_POINTS = "points", "public_points"


def _within(origin: q.Origin, miles: float, field: str = MATCH_POINTS) -> Q:
    return Q(
        "geo_distance",
        distance=f"{miles}mi",
        distance_type="arc",
        **{field: {"lat": origin.latitude, "lon": origin.longitude}},
    )


def _by_distance(origin: q.Origin, field: str = MATCH_POINTS) -> dict:
    return {
        "_geo_distance": {
            field: {"lat": origin.latitude, "lon": origin.longitude},
            "order": "asc",
            "unit": "mi",
            "mode": "min",
            "distance_type": "arc",
        }
    }


TIE_BREAK = [{"name_sort": {"order": "asc"}}, {"service_id": {"order": "asc"}}]


def match_filters(request: q.MatchRequest) -> list[Q]:
    filters = [Q("term", status="active"), Q("term", accepting_referrals=True), Q("terms", needs=request.needs)]
    if request.age is not None:
        filters.append(
            Q(
                "bool",
                must_not=[Q("range", minimum_age={"gt": request.age}), Q("range", maximum_age={"lt": request.age})],
            )
        )
    if request.gender:
        filters.append(_restriction("genders", request.gender))
    if request.trafficking_type:
        filters.append(_restriction("trafficking_types", request.trafficking_type))
    if request.origin is not None and request.radius_miles is not None:
        filters.append(_within(request.origin, request.radius_miles))
    return filters


def fit_functions(request: q.MatchRequest) -> list[dict]:
    """search.query.fit_score and has_capacity as function_score functions (each +FIT_WEIGHT / +CAPACITY_WEIGHT)."""
    functions = []
    if request.age is not None:  # the hard filter already ensures the restriction admits the age
        functions.append(
            {
                "filter": Q(
                    "bool",
                    should=[Q("exists", field="minimum_age"), Q("exists", field="maximum_age")],
                    minimum_should_match=1,
                ).to_dict(),
                "weight": q.FIT_WEIGHT,
            }
        )
    for code in request.populations:
        functions.append({"filter": Q("term", populations=code).to_dict(), "weight": q.FIT_WEIGHT})
    if request.trafficking_type:
        others = [code for code in TRAFFICKING_TYPE_CODES if code != request.trafficking_type]
        functions.append(
            {
                "filter": Q(
                    "bool",
                    filter=[Q("term", trafficking_types=request.trafficking_type)],
                    must_not=[Q("terms", trafficking_types=others)],
                ).to_dict(),
                "weight": q.FIT_WEIGHT,
            }
        )
    functions.append(
        {
            "filter": Q(
                "bool",
                filter=[Q("range", places_free={"gt": 0}), Q("range", capacity_at={"gte": request.capacity_since})],
            ).to_dict(),
            "weight": q.CAPACITY_WEIGHT,
        }
    )
    return functions


def match_query(request: q.MatchRequest, size: int) -> dict:
    """Hard filters, then a score that packs the ranking levels: needs, language, urgency, fit, capacity."""
    functions = [{"filter": Q("term", needs=code).to_dict(), "weight": q.NEED_WEIGHT} for code in request.needs]
    if request.languages:
        functions.append({"filter": Q("terms", languages=request.languages).to_dict(), "weight": q.LANGUAGE_WEIGHT})
    if request.urgent:
        functions.append({"filter": _open_at(request.minute).to_dict(), "weight": q.URGENT_WEIGHT})
    functions += fit_functions(request)
    scored = Q(
        "function_score",
        query=Q("bool", filter=match_filters(request)),
        functions=functions,
        score_mode="sum",
        boost_mode="replace",
    )
    sort = [{"_score": {"order": "desc"}}]
    if request.origin is not None:
        sort.append(_by_distance(request.origin))
    search = Search().query(scored).sort(*sort, *TIE_BREAK).source(excludes=UNREAD_FIELDS)
    search = search.extra(size=size, track_total_hits=False)
    return search.to_dict()


def text_query(text: str) -> list[Q]:
    """Every word must be found (in any field), as the embedded backend requires: accents folded, the
    synonyms added by the fields' search analyzers, and typos forgiven from five letters on."""
    return [
        Q(
            "multi_match",
            query=word,
            fields=TEXT_FIELDS,
            type="best_fields",
            fuzziness=ES_FUZZINESS,
            prefix_length=0,
            max_expansions=50,
        )
        for word in dict.fromkeys(normalize_text(text).split())
    ]


def search_query(request: q.SearchRequest) -> dict:
    filters = [Q("term", status="active")]
    if request.needs:
        filters.append(Q("terms", needs=request.needs))
    if request.languages:
        filters.append(Q("terms", languages=request.languages))
    if request.populations:
        filters.append(Q("terms", populations=request.populations))
    if request.intake_24_7:
        filters.append(Q("term", intake_24_7=True))
    if request.open_now:
        filters.append(_open_at(request.minute))
    if request.origin is not None and request.radius_miles is not None:
        filters.append(_within(request.origin, request.radius_miles, PUBLIC_POINTS))
    text = request.text.strip()
    must = text_query(text)
    search = Search().query(Q("bool", filter=filters, must=must)).source(excludes=UNREAD_FIELDS)
    if request.sort == "distance" and request.origin is not None:
        search = search.sort(_by_distance(request.origin, PUBLIC_POINTS), *TIE_BREAK)
    elif text:
        search = search.sort({"_score": {"order": "desc"}}, *TIE_BREAK)
    else:
        search = search.sort(*TIE_BREAK)
    for name in ("needs", "languages", "populations"):
        search.aggs.bucket(name, "terms", field=name, size=100)
    search.aggs.bucket("open_now", "filter", filter=_open_at(request.minute))
    search.aggs.bucket("intake_24_7", "filter", filter=Q("term", intake_24_7=True))
    start = (request.page - 1) * request.per_page
    return search.extra(from_=start, size=request.per_page, track_total_hits=True).to_dict()


def read_facets(aggs: dict) -> dict[str, dict[str, int]]:
    facets = {}
    for name in ("needs", "languages", "populations"):
        facets[name] = {b["key"]: b["doc_count"] for b in aggs.get(name, {}).get("buckets", [])}
    for name in ("open_now", "intake_24_7"):
        count = aggs.get(name, {}).get("doc_count", 0)
        facets[name] = {name: count} if count else {}
    return facets


def suggest_query(prefix: str, size: int) -> dict:
    return {
        "_source": False,
        "suggest": {
            "names": {"prefix": prefix, "completion": {"field": "suggest", "size": size, "skip_duplicates": True}}
        },
    }
