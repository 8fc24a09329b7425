"""Requests and the rules both backends share: validation, filters, ranking, reasons.

A matching request (CONTRACT.md section 2) and a public search are validated here into plain request
objects. Each backend turns them into its own query; both then rank with `match_sort_key` and explain
with `reasons`, so the two backends cannot drift apart in what they call a match or in what order.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory import hours
from directory.geocode import UnknownPostalCode, distance_miles, geocode_zip
from directory.taxonomy import GENDER_CODES, TRAFFICKING_TYPE_CODES

MATCH_FIELDS = {
    "needs",
    "age",
    "gender",
    "languages",
    "trafficking_type",
    "postal_code",
    "radius_miles",
    "urgent",
    "limit",
}
MAX_LIMIT = 100
MAX_AGE = 130
MAX_RADIUS_MILES = 500
# Capacity statements count for ranking this long (CONTRACT section 2: "reported in the last 72 hours").
CAPACITY_FRESH_SECONDS = 72 * 3600
# Score weights: each level outranks everything below it. Fit is at most 5 (an age restriction, three
# implied populations such as minors + transition-age youth + women, a trafficking type), so
# CAPACITY 1 + FIT 2×5 < URGENT 12; 12 + 11 < LANGUAGE 24; 24 + 23 < NEED 50.
NEED_WEIGHT, LANGUAGE_WEIGHT, URGENT_WEIGHT, FIT_WEIGHT, CAPACITY_WEIGHT = 50, 24, 12, 2, 1
GENDER_POPULATIONS = {"female": "women", "male": "men", "transgender-nonbinary": "transgender-nonbinary"}


class InvalidRequest(ValueError):
    """A request that cannot be run; `fields` maps each bad field to a message a person can act on."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.fields.items()))


@dataclass(frozen=True)
class Origin:
    postal_code: str
    latitude: float
    longitude: float


@dataclass
class MatchRequest:
    needs: list[str]
    age: int | None = None
    gender: str | None = None
    languages: list[str] = field(default_factory=list)
    trafficking_type: str | None = None
    origin: Origin | None = None
    radius_miles: float | None = None
    urgent: bool = False
    limit: int = 20
    minute: int = 0  # minute of the week (site time) that "open now" is judged at
    now: int = 0  # seconds since the epoch that "reported in the last 72 hours" is judged at

    @property
    def populations(self) -> list[str]:
        """The coalition populations the client's facts imply (CONTRACT section 2, fit)."""
        implied = []
        if self.age is not None:
            if self.age < 18:
                implied.append("minors")
            if 16 <= self.age <= 24:
                implied.append("transition-age-youth")
            if self.age >= 18:
                implied.append("adults")
        if self.gender in GENDER_POPULATIONS:
            implied.append(GENDER_POPULATIONS[self.gender])
        return implied

    @property
    def capacity_since(self) -> int:
        return self.now - CAPACITY_FRESH_SECONDS


@dataclass
class SearchRequest:
    text: str = ""
    needs: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    open_now: bool = False
    intake_24_7: bool = False
    origin: Origin | None = None
    radius_miles: float | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    minute: int = 0


def minute_for(now: datetime | None) -> int:
    return hours.minute_of_week(now or hours.site_now())


def seconds_for(now: datetime | None) -> int:
    return int((now or hours.site_now()).timestamp())


def known_codes(model) -> set[str]:
    return set(model.objects.values_list("code", flat=True))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _code_list(value, name, errors, allowed=None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        errors[name] = _("Give a list of codes.")
        return []
    codes = list(dict.fromkeys(v.strip() for v in value))
    if allowed is not None:
        unknown = [c for c in codes if c not in allowed]
        if unknown:
            errors[name] = _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}
    return codes


def geocode_origin(postal_code) -> Origin:
    if _is_int(postal_code):
        postal_code = f"{postal_code:05d}"
    if not isinstance(postal_code, str) or not postal_code.strip():
        raise UnknownPostalCode(str(postal_code))
    place = geocode_zip(postal_code.strip())
    return Origin(place.postal_code, place.latitude, place.longitude)


def validate_match_request(data, now: datetime | None = None) -> MatchRequest:
    from directory.models import Need

    if not isinstance(data, dict):
        raise InvalidRequest({"request": _("A matching request is a JSON object.")})
    errors: dict[str, str] = {}
    for name in sorted(set(data) - MATCH_FIELDS):
        errors[name] = _("Unknown field.")

    needs = data.get("needs")
    if needs in (None, [], ""):
        errors["needs"] = _("Name at least one need.")
        needs = []
    else:
        needs = _code_list(needs, "needs", errors, known_codes(Need))

    age = data.get("age")
    if age is not None and (not _is_int(age) or age < 0 or age > MAX_AGE):
        errors["age"] = _("Age must be a whole number from 0 to %(max)s.") % {"max": MAX_AGE}
    gender = data.get("gender")
    if gender is not None and gender not in GENDER_CODES:
        errors["gender"] = _("Unknown gender: use one of %(codes)s.") % {"codes": ", ".join(GENDER_CODES)}
    trafficking_type = data.get("trafficking_type")
    if trafficking_type is not None and trafficking_type not in TRAFFICKING_TYPE_CODES:
        errors["trafficking_type"] = _("Unknown trafficking type: use one of %(codes)s.") % {
            "codes": ", ".join(TRAFFICKING_TYPE_CODES)
        }
    languages = _code_list(data.get("languages"), "languages", errors)

    origin = None
    postal_code = data.get("postal_code")
    if postal_code not in (None, ""):
        try:
            origin = geocode_origin(postal_code)
        except UnknownPostalCode:
            errors["postal_code"] = _("This is not a US ZIP code we know.")
    radius = data.get("radius_miles")
    if radius is not None:
        if (
            not isinstance(radius, int | float)
            or isinstance(radius, bool)
            or not math.isfinite(radius)
            or radius <= 0
            or radius > MAX_RADIUS_MILES
        ):
            errors["radius_miles"] = _("The radius must be a number of miles above zero, at most %(max)s.") % {
                "max": MAX_RADIUS_MILES
            }
        elif postal_code in (None, ""):
            errors["radius_miles"] = _("A radius needs a postal_code to measure from.")
    urgent = data.get("urgent", False)
    if urgent is None:
        urgent = False
    if not isinstance(urgent, bool):
        errors["urgent"] = _("Urgent is true or false.")
    limit = data.get("limit", 20)
    if limit is None:
        limit = 20
    if not _is_int(limit) or limit < 1 or limit > MAX_LIMIT:
        errors["limit"] = _("The limit must be a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}
    if errors:
        raise InvalidRequest(errors)
    return MatchRequest(
        needs=needs,
        age=age,
        gender=gender,
        languages=languages,
        trafficking_type=trafficking_type,
        origin=origin,
        radius_miles=float(radius) if radius is not None else None,
        urgent=urgent,
        limit=limit,
        minute=minute_for(now),
        now=seconds_for(now),
    )


# --- Facts about one plain document, the same for both backends ---------------------------------------


def is_open_at(doc: dict, minute: int) -> bool:
    return doc["intake_24_7"] or any(start <= minute < end for start, end in doc["open_ranges"])


@lru_cache(maxsize=65536)
def _miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Locations cluster on a few hundred points (ZIP centres, offices): remembering pairs spares most of
    # the trigonometry when thousands of candidates are ranked by distance.
    return distance_miles(lat1, lon1, lat2, lon2)


def public_points(doc: dict) -> list[tuple[float, float]]:
    """(lat, lon) of each location as the public may see it: a confidential address at its ZIP centre
    (search.documents.location_entry). A document stored before public points existed has none: it is
    measured as having no location rather than at its true point."""
    return [
        (loc["public_lat"], loc["public_lon"])
        for loc in doc["locations"]
        if loc.get("public_lat") is not None and loc.get("public_lon") is not None
    ]


def nearest_miles(doc: dict, origin: Origin | None, *, public: bool = False) -> float | None:
    """Miles to the nearest location. `public` measures to the public points (a confidential address at
    its ZIP centre), as everything anonymous must; advocates' matching measures to the true points."""
    if origin is None or not doc["locations"]:
        return None
    lat, lon = origin.latitude, origin.longitude
    if public:
        return min((_miles(lat, lon, plat, plon) for plat, plon in public_points(doc)), default=None)
    return min(_miles(lat, lon, loc["lat"], loc["lon"]) for loc in doc["locations"])


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


FACT_KEYS = (
    "service_id",
    "status",
    "accepting_referrals",
    "needs",
    "languages",
    "populations",
    "genders",
    "trafficking_types",
    "minimum_age",
    "maximum_age",
    "intake_24_7",
    "open_ranges",
    "name_sort",
    "places_free",
    "capacity_at",
)


def facts_of(doc: dict) -> dict:
    """The part of a document that filters and ranking read (all of search.query's rules work on it)."""
    facts = {key: doc.get(key) for key in FACT_KEYS}
    facts["locations"] = [
        {key: loc.get(key) for key in ("lat", "lon", "public_lat", "public_lon")} for loc in doc["locations"]
    ]
    return facts


def rank_matches(docs, req: MatchRequest, load=None) -> list[dict]:
    """Sort admitted documents strongest first and shape them as CONTRACT section 4 results.

    `load` turns the ranked (possibly slim, see facts_of) documents into whole ones, keeping the order.
    """
    ranked = sorted(docs, key=lambda d: match_sort_key(d, req))[: req.limit]
    if load is not None:
        ranked = load(ranked)
    return [match_result(doc, req) for doc in ranked]


def label(labels: dict, code: str) -> str:
    entry = labels.get(code) or {}
    return entry.get("es" if get_language() == "es" else "en") or code


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def round_miles(distance: float | None) -> float | None:
    return None if distance is None else round(distance, 1)


def age_range_reason(doc: dict) -> str:
    low, high = doc["minimum_age"], doc["maximum_age"]
    if low is not None and high is not None:
        return _("Serves ages %(low)s-%(high)s only") % {"low": low, "high": high}
    if low is not None:
        return _("Serves ages %(low)s and over only") % {"low": low}
    return _("Serves ages up to %(high)s only") % {"high": high}


def time_ago(seconds: int) -> str:
    """A short, rounded age: "5 min", "2 h", "3 days"."""
    seconds = max(0, seconds)
    if seconds < 3600:
        return _("%(count)s min") % {"count": max(1, seconds // 60)}
    if seconds < 48 * 3600:
        return _("%(count)s h") % {"count": seconds // 3600}
    days = seconds // 86400
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def capacity_reason(doc: dict, req: MatchRequest) -> str:
    """Free places reported in the last 72 hours, with the report's age; empty when nothing recent."""
    at, free = doc.get("capacity_at"), doc.get("places_free")
    if at is None or free is None or at < req.capacity_since:
        return ""
    ago = time_ago(req.now - at)
    if free == 0:
        return _("No places free, updated %(ago)s ago") % {"ago": ago}
    return ngettext("%(count)s place free, updated %(ago)s ago", "%(count)s places free, updated %(ago)s ago", free) % {
        "count": free,
        "ago": ago,
    }


def reasons(doc: dict, req: MatchRequest) -> list[str]:
    """Every signal that can place this result above another (CONTRACT section 2), as short sentences."""
    out = []
    matched = [code for code in doc["needs"] if code in req.needs]
    out.append(
        _("Provides %(needs)s") % {"needs": _join([_lower_first(label(doc["need_labels"], c)) for c in matched])}
    )
    spoken = [code for code in doc["languages"] if code in req.languages]
    if spoken:
        out.append(_("Speaks %(languages)s") % {"languages": _join([label(doc["language_labels"], c) for c in spoken])})
    if doc["intake_24_7"]:
        out.append(_("24/7 intake"))
    elif is_open_at(doc, req.minute):
        out.append(_("Open now"))
    elif req.urgent:
        out.append(_("Closed now"))
    if age_fit(doc, req):
        out.append(age_range_reason(doc))
    populations = population_fit(doc, req)
    if populations:
        out.append(
            _("Specialises in %(populations)s")
            % {"populations": _join([_lower_first(label(doc.get("population_labels") or {}, c)) for c in populations])}
        )
    if trafficking_fit(doc, req):
        out.append(
            _("Specialises in sex trafficking")
            if req.trafficking_type == "sex"
            else _("Specialises in labor trafficking")
        )
    capacity = capacity_reason(doc, req)
    if capacity:
        out.append(capacity)
    distance = round_miles(nearest_miles(doc, req.origin))
    if distance is not None and distance < 0.1:
        out.append(_("Less than 0.1 miles away"))
    elif distance is not None:
        out.append(_("%(miles)s miles away") % {"miles": distance})
    return out


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


# --- Public search ------------------------------------------------------------------------------------


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


def search_sort_key(doc: dict, req: SearchRequest, relevance: float = 0.0):
    if req.sort == "distance" and req.origin is not None:
        distance = nearest_miles(doc, req.origin, public=True)
        return (math.inf if distance is None else distance, doc["name_sort"], doc["service_id"])
    return (-relevance, doc["name_sort"], doc["service_id"])
