"""Admitted documents, ranked and shaped as CONTRACT.md section 4 results."""

from .facts import is_open_at, nearest_miles
from .ranking import match_score, match_sort_key
from .reasons import reasons, round_miles
from .requests import MatchRequest


def rank_matches(docs, req: MatchRequest, load=None) -> list[dict]:
    """Sort admitted documents strongest first and shape them as CONTRACT section 4 results.

    `load` turns the ranked (possibly slim, see facts_of) documents into whole ones, keeping the order.
    """
    ranked = sorted(docs, key=lambda d: match_sort_key(d, req))[: req.limit]
    if load is not None:
        ranked = load(ranked)
    return [match_result(doc, req) for doc in ranked]


def match_result(doc: dict, req: MatchRequest) -> dict:
    return {
        "service_id": doc["service_id"],
        "service_name": doc["title"],
        "organization_id": doc["organization_id"],
        "organization_name": doc["organization_name"],
        "score": match_score(doc, req),
        "distance_miles": round_miles(nearest_miles(doc, req.origin)),
        "matched_needs": [code for code in doc["needs"] if code in req.needs],
        "reasons": reasons(doc, req),
        "open_now": is_open_at(doc, req.minute),
        "intake_24_7": doc["intake_24_7"],
    }
