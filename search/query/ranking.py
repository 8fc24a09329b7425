"""Ranking (CONTRACT.md section 2, strongest first) as one score and sort key per document, for both backends."""

import math

from .facts import is_open_at, nearest_miles
from .requests import MatchRequest, SearchRequest

# Score weights: each level outranks everything below it. Fit is at most 5 (an age restriction, three
# implied populations such as minors + transition-age youth + women, a trafficking type), so
# CAPACITY 1 + FIT 2×5 < URGENT 12; 12 + 11 < LANGUAGE 24; 24 + 23 < NEED 50.
NEED_WEIGHT, LANGUAGE_WEIGHT, URGENT_WEIGHT, FIT_WEIGHT, CAPACITY_WEIGHT = 50, 24, 12, 2, 1


def age_fit(doc: dict, req: MatchRequest) -> bool:
    """An age restriction that admits the client's age (the hard filter already ensured it admits)."""
    return req.age is not None and (doc["minimum_age"] is not None or doc["maximum_age"] is not None)


def population_fit(doc: dict, req: MatchRequest) -> list[str]:
    """The service's populations that the client's facts imply, in the service's order."""
    implied = req.populations
    return [code for code in doc["populations"] if code in implied]


def trafficking_fit(doc: dict, req: MatchRequest) -> bool:
    """The service is restricted to exactly the client's trafficking type."""
    return bool(req.trafficking_type) and doc["trafficking_types"] == [req.trafficking_type]


def fit_score(doc: dict, req: MatchRequest) -> int:
    return age_fit(doc, req) + len(population_fit(doc, req)) + trafficking_fit(doc, req)


def has_capacity(doc: dict, req: MatchRequest) -> bool:
    """Free places reported in the last 72 hours."""
    at, free = doc.get("capacity_at"), doc.get("places_free")
    return at is not None and free is not None and free > 0 and at >= req.capacity_since


def match_score(doc: dict, req: MatchRequest) -> int:
    covered = len(set(req.needs) & set(doc["needs"]))
    speaks = bool(req.languages) and bool(set(req.languages) & set(doc["languages"]))
    urgent_ok = req.urgent and is_open_at(doc, req.minute)
    return (
        covered * NEED_WEIGHT
        + speaks * LANGUAGE_WEIGHT
        + urgent_ok * URGENT_WEIGHT
        + fit_score(doc, req) * FIT_WEIGHT
        + has_capacity(doc, req) * CAPACITY_WEIGHT
    )


def match_sort_key(doc: dict, req: MatchRequest):
    distance = nearest_miles(doc, req.origin)
    return (-match_score(doc, req), math.inf if distance is None else distance, doc["name_sort"], doc["service_id"])


def search_sort_key(doc: dict, req: SearchRequest, relevance: float = 0.0):
    if req.sort == "distance" and req.origin is not None:
        distance = nearest_miles(doc, req.origin, public=True)
        return (math.inf if distance is None else distance, doc["name_sort"], doc["service_id"])
    return (-relevance, doc["name_sort"], doc["service_id"])
