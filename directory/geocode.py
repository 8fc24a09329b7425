"""Offline geocoding of US ZIP codes (the `zipcodes` package ships its own data)."""

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
    """Read the packaged ZIP table now (about a third of a second, on first use otherwise): a server that
    loads the application before forking its workers (gunicorn's preload) then shares one warm copy."""
    zipcodes.matching("95814")


@lru_cache(maxsize=4096)
def geocode_zip(postal_code: str) -> Place:
    # NFKC: digits typed on a full-width keyboard ("９５８１４") are the same ZIP code.
    code = unicodedata.normalize("NFKC", postal_code or "").strip()[:5]
    # Only five ASCII digits reach the package: its native code panics (an exception no `except Exception`
    # catches) on some other characters, such as a 4-byte one cut by its own slicing.
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        raise UnknownPostalCode(f"Unknown US ZIP code: {postal_code!r}")
    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        found = []
    if not found:
        raise UnknownPostalCode(f"Unknown US ZIP code: {postal_code!r}")
    row = found[0]
    return Place(
        postal_code=row["zip_code"],
        city=row["city"],
        county=row.get("county", ""),
        state=row["state"],
        latitude=float(row["lat"]),
        longitude=float(row["long"]),
    )


EARTH_RADIUS_MILES = 3958.7613


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance, the same formula Elasticsearch's arc distance uses."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))
