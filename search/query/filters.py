"""The hard filters of matching (CONTRACT.md section 2) and the public search's filters, on one document."""

from django.utils.translation import gettext as _

from .facts import is_open_at, nearest_miles
from .requests import MatchRequest, SearchRequest


def admits(doc: dict, req: MatchRequest) -> bool:
    """The hard filters of CONTRACT section 2, on one document."""
    if doc["status"] != "active" or not doc["accepting_referrals"]:
        return False
    if not set(req.needs) & set(doc["needs"]):
        return False
    if req.age is not None:
        if doc["minimum_age"] is not None and req.age < doc["minimum_age"]:
            return False
        if doc["maximum_age"] is not None and req.age > doc["maximum_age"]:
            return False
    if req.gender and doc["genders"] and req.gender not in doc["genders"]:
        return False
    if req.trafficking_type and doc["trafficking_types"] and req.trafficking_type not in doc["trafficking_types"]:
        return False
    if req.origin is not None and req.radius_miles is not None:
        distance = nearest_miles(doc, req.origin)
        if distance is None or distance > req.radius_miles:
            return False
    return True


# Codes of the hard filters, in the order failed_filters checks them.
FILTER_CODES = ("unavailable", "not_accepting", "needs", "age", "gender", "trafficking_type", "radius")


def failed_filters(doc: dict, req: MatchRequest) -> list[str]:
    """The hard filters (FILTER_CODES) `doc` fails for `req`; empty exactly when admits(doc, req).

    Slower than admits (it checks everything); used to re-check a few chosen services when a referral is sent.
    """
    failed = []
    if doc["status"] != "active":
        failed.append("unavailable")
    if not doc["accepting_referrals"]:
        failed.append("not_accepting")
    if not set(req.needs) & set(doc["needs"]):
        failed.append("needs")
    if req.age is not None and (
        (doc["minimum_age"] is not None and req.age < doc["minimum_age"])
        or (doc["maximum_age"] is not None and req.age > doc["maximum_age"])
    ):
        failed.append("age")
    if req.gender and doc["genders"] and req.gender not in doc["genders"]:
        failed.append("gender")
    if req.trafficking_type and doc["trafficking_types"] and req.trafficking_type not in doc["trafficking_types"]:
        failed.append("trafficking_type")
    if req.origin is not None and req.radius_miles is not None:
        distance = nearest_miles(doc, req.origin)
        if distance is None or distance > req.radius_miles:
            failed.append("radius")
    return failed


def filter_label(code: str) -> str:
    """A hard filter's failure in words, for the advocate who may override it."""
    return {
        "unavailable": _("not published or not active"),
        "not_accepting": _("not accepting referrals now"),
        "needs": _("provides none of the needs"),
        "age": _("the client's age is outside its ages"),
        "gender": _("serves only other genders"),
        "trafficking_type": _("serves only the other trafficking type"),
        "radius": _("farther than the radius"),
    }[code]


def search_admits(doc: dict, req: SearchRequest) -> bool:
    """The public search's filters (keyword aside), on one document."""
    if doc["status"] != "active":
        return False
    if req.needs and not set(req.needs) & set(doc["needs"]):
        return False
    if req.languages and not set(req.languages) & set(doc["languages"]):
        return False
    if req.populations and not set(req.populations) & set(doc["populations"]):
        return False
    if req.open_now and not is_open_at(doc, req.minute):
        return False
    if req.intake_24_7 and not doc["intake_24_7"]:
        return False
    if req.origin is not None and req.radius_miles is not None:
        distance = nearest_miles(doc, req.origin, public=True)
        if distance is None or distance > req.radius_miles:
            return False
    return True


def facet_counts(docs, req: SearchRequest) -> dict[str, dict[str, int]]:
    counts = {"needs": {}, "languages": {}, "populations": {}, "open_now": {}, "intake_24_7": {}}
    for doc in docs:
        for name in ("needs", "languages", "populations"):
            for code in doc[name]:
                counts[name][code] = counts[name].get(code, 0) + 1
        if is_open_at(doc, req.minute):
            counts["open_now"]["open_now"] = counts["open_now"].get("open_now", 0) + 1
        if doc["intake_24_7"]:
            counts["intake_24_7"]["intake_24_7"] = counts["intake_24_7"].get("intake_24_7", 0) + 1
    return counts
