"""Facts about one plain document that filters, ranking and reasons all read: open at a minute, distance."""

from directory.geocode import distance_miles

from .requests import Origin


def is_open_at(doc: dict, minute: int) -> bool:
    return doc["intake_24_7"] or any(start <= minute < end for start, end in doc["open_ranges"])


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
    # Measured afresh each time: a process-wide memo of (origin, point) pairs would keep the ZIP code centres
    # visitors searched from, a search history in memory (each pair costs ~0.35 us).
    if origin is None or not doc["locations"]:
        return None
    lat, lon = origin.latitude, origin.longitude
    if public:
        return min((distance_miles(lat, lon, plat, plon) for plat, plon in public_points(doc)), default=None)
    return min(distance_miles(lat, lon, loc["lat"], loc["lon"]) for loc in doc["locations"])


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
    """The part of a document that filters and ranking read (every rule in search.query works on it)."""
    facts = {key: doc.get(key) for key in FACT_KEYS}
    facts["locations"] = [
        {key: loc.get(key) for key in ("lat", "lon", "public_lat", "public_lon")} for loc in doc["locations"]
    ]
    return facts
