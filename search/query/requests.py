"""Matching requests (CONTRACT.md section 2) and public searches, validated into plain request objects.

The backends take these objects and nothing else: a field is checked here once, whichever backend runs.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from directory import hours
from directory.geocode import UnknownPostalCode, geocode_zip
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
