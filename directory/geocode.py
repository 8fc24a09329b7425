"""Offline geocoding of US ZIP codes (the `zipcodes` package ships its own data)."""

import math
import unicodedata
from dataclasses import dataclass
from functools import cache

import zipcodes


@dataclass(frozen=True)
class Place:
    postal_code: str
    city: str
    county: str
    state: str
    latitude: float
    longitude: float


class UnknownPostalCode(ValueError):
    pass


def load_zip_table() -> None:
    """Read the packaged ZIP table now (about half a second, on first use otherwise): a server that loads the
    application before forking its workers (gunicorn's preload) then shares one warm copy."""
    _places()


@cache
def _places() -> dict[str, Place]:
    """Every ZIP code's place, read once per process. Lookups then keep nothing: a memo of the codes looked up
    would be a record of the ZIP codes visitors typed into the public search."""
    places = {}
    # By the codes' first two digits: zipcodes.list_all() would build all 42,789 rows at once and leave the
    # process ~110 MB larger; a hundred slices of it leave only the places (~20 MB).
    rows = (row for prefix in range(100) for row in zipcodes.similar_to(f"{prefix:02d}"))
    for row in rows:
        if row["zip_code"] not in places:  # the package's first row for a code, as zipcodes.matching gives it
            places[row["zip_code"]] = Place(
                postal_code=row["zip_code"],
                city=row["city"],
                county=row.get("county", ""),
                state=row["state"],
                latitude=float(row["lat"]),
                longitude=float(row["long"]),
            )
    return places


def geocode_zip(postal_code: str) -> Place:
    # NFKC: digits typed on a full-width keyboard ("９５８１４") are the same ZIP code.
    code = unicodedata.normalize("NFKC", postal_code or "").strip()[:5]
    place = _places().get(code) if len(code) == 5 and code.isascii() and code.isdigit() else None
    if place is None:
        raise UnknownPostalCode(f"Unknown US ZIP code: {postal_code!r}")
    return place


EARTH_RADIUS_MILES = 3958.7613


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance, the same formula Elasticsearch's arc distance uses."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))
