"""Random but realistic search documents, for the parity test and the benchmark.

Built as plain data (search.documents.build_document's shape) rather than pages, so 50,000 services
take seconds. Names repeat on purpose (ties must fall to the service id) and many services share a ZIP
(equal distances must fall to the name).
"""

import random
import uuid
from datetime import UTC, datetime

from directory.geocode import geocode_zip
from directory.taxonomy import GENDER_CODES, LANGUAGES, NEEDS, POPULATIONS, TRAFFICKING_TYPE_CODES

ZIPS = [
    "95814",
    "95817",
    "95624",
    "95610",
    "95632",
    "95630",
    "95670",
    "95823",
    "95608",
    "95660",
    "95816",
    "95825",
    "95628",
    "95811",
    "95832",
    "95843",
    "95662",
    "95838",
    "95641",
    "95824",
    "95827",
    "95758",
    "95673",
    "95742",
    "95820",
    "95822",
    "95821",
    "95621",
    "95826",
    "95819",
    "95818",
    "95831",
    "95833",
    "95834",
    "95835",
    "95815",
    "95828",
    "95829",
    "95630",
    "95864",
]
WORDS = [
    "Harbor",
    "River",
    "Oak",
    "Sierra",
    "Valley",
    "Capitol",
    "Delta",
    "Golden",
    "Bridge",
    "Haven",
    "Path",
    "Light",
    "Hope",
    "Safe",
    "New",
    "Bright",
    "Cedar",
    "Willow",
    "Summit",
    "Meadow",
]
KINDS = [
    "Shelter",
    "Clinic",
    "Legal Aid",
    "Counseling",
    "Youth Program",
    "Crisis Line",
    "Outreach",
    "Center",
    "Housing",
    "Support Group",
]
HOURS = [
    [],
    [[d * 1440 + 540, d * 1440 + 1020] for d in range(5)],
    [[d * 1440 + 1200, d * 1440 + 1680] for d in range(6)] + [[6 * 1440 + 1200, 7 * 1440], [0, 240]],
    [[5 * 1440 + 540, 5 * 1440 + 900]],
    [[d * 1440 + 480, d * 1440 + 1200] for d in range(7)],
]


def _labels(rows, codes):
    table = {code: {"en": en, "es": es} for code, en, es in rows}
    return {code: table[code] for code in codes}


# Capacity statements are spread over the six days before this moment (the parity test's Monday 10 a.m. in
# Sacramento), so some are fresh (ranked) and some stale (not ranked).
CAPACITY_CLOCK = int(datetime(2026, 11, 30, 18, 0, tzinfo=UTC).timestamp())
FIT_POPULATIONS = ["minors", "transition-age-youth", "adults", "women", "men", "transgender-nonbinary"]


def generate_documents(count: int, seed: int = 1, clock: int = CAPACITY_CLOCK) -> list[dict]:
    rng = random.Random(seed)
    need_codes = [code for code, _en, _es in NEEDS]
    population_codes = [code for code, _en, _es in POPULATIONS]
    language_codes = [code for code, _en, _es in LANGUAGES]
    places = [geocode_zip(z) for z in dict.fromkeys(ZIPS)]
    organizations = [
        (
            str(uuid.UUID(int=rng.getrandbits(128))),
            f"{rng.choice(WORDS)} {rng.choice(WORDS)} Org {i}",
            rng.sample(places, rng.choice([1, 1, 1, 2, 3])),
            i + 1,
        )
        for i in range(max(1, count // 3))
    ]
    docs = []
    for n in range(count):
        org_id, org_name, org_places, org_page = rng.choice(organizations)
        title = f"{rng.choice(WORDS)} {rng.choice(KINDS)}"  # few distinct names: ties are common
        needs = rng.sample(need_codes, rng.choice([1, 1, 2, 2, 3, 4]))
        languages = ["en"] + rng.sample(language_codes[1:], rng.choice([0, 0, 1, 2, 3]))
        populations = sorted(
            set(
                rng.sample(population_codes, rng.choice([0, 1, 2]))
                + rng.sample(FIT_POPULATIONS, rng.choice([0, 1, 1, 2]))
            )
        )
        low = rng.choice([None, None, 0, 12, 16, 18, 18, 21])
        high = rng.choice([None, None, 17, 24, 64]) if low is None or low < 17 else rng.choice([None, None, 64])
        if low is not None and high is not None and high < low:
            high = None
        doc = {
            "service_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "page_id": 100_000 + n,
            "organization_id": org_id,
            "organization_page_id": org_page,
            "organization_name": org_name,
            "title": title,
            "name_sort": title.lower(),
            "summary": f"{title} for survivors in {org_places[0].city}.",
            "description": "",
            "how_to_get_help": "Call or walk in.",
            "eligibility": "",
            "path": f"directory/org-{org_page}/service-{n}/",
            "status": rng.choices(["active", "inactive", "temporarily closed"], [92, 4, 4])[0],
            "accepting_referrals": rng.random() > 0.08,
            "needs": needs,
            "need_labels": _labels(NEEDS, needs),
            "languages": languages,
            "language_labels": _labels(LANGUAGES, languages),
            "populations": populations,
            "population_labels": _labels(POPULATIONS, populations),
            "genders": rng.choice([[], [], [], ["female"], ["male"], ["female", "transgender-nonbinary"]]),
            "trafficking_types": rng.choice([[], [], [], ["sex"], ["labor"]]),
            "minimum_age": low,
            "maximum_age": high,
            "intake_24_7": rng.random() < 0.12,
            "places_free": None,
            "capacity_note": "",
            "capacity_at": None,
            "phone": f"916-555-01{n % 100:02d}",
            "open_ranges": sorted(rng.choice(HOURS)),
            "locations": [
                {
                    "name": f"{org_name} - {p.city}",
                    "city": p.city,
                    "postal_code": p.postal_code,
                    "lat": p.latitude,
                    "lon": p.longitude,
                    "public_lat": p.latitude,
                    "public_lon": p.longitude,
                }
                for p in org_places
            ],
        }
        if rng.random() < 0.5:
            doc["places_free"] = rng.choice([0, 1, 2, 3, 5])
            doc["capacity_at"] = clock - rng.randint(0, 6 * 86400)
            doc["capacity_note"] = f"{doc['places_free']} beds free"
        docs.append(doc)
    return docs


def random_match_request(rng: random.Random) -> dict:
    need_codes = [code for code, _en, _es in NEEDS]
    request = {"needs": rng.sample(need_codes, rng.choice([1, 2, 3]))}
    if rng.random() < 0.5:
        request["age"] = rng.choice([8, 14, 16, 17, 18, 22, 30, 45, 70])
    if rng.random() < 0.4:
        request["gender"] = rng.choice(GENDER_CODES)
    if rng.random() < 0.5:
        request["languages"] = rng.sample(["es", "vi", "ru", "hmn", "zh", "ar", "pa"], rng.choice([1, 2]))
    if rng.random() < 0.3:
        request["trafficking_type"] = rng.choice(TRAFFICKING_TYPE_CODES)
    if rng.random() < 0.7:
        request["postal_code"] = rng.choice(ZIPS)
        if rng.random() < 0.6:
            request["radius_miles"] = rng.choice([3, 5, 10, 15, 25, 40])
    if rng.random() < 0.5:
        request["urgent"] = True
    request["limit"] = rng.choice([5, 10, 20, 50])
    return request


def random_search_kwargs(rng: random.Random) -> dict:
    need_codes = [code for code, _en, _es in NEEDS]
    kwargs = {}
    if rng.random() < 0.6:
        kwargs["needs"] = rng.sample(need_codes, rng.choice([1, 2]))
    if rng.random() < 0.3:
        kwargs["languages"] = [rng.choice(["es", "vi", "ru", "zh"])]
    if rng.random() < 0.2:
        kwargs["populations"] = [rng.choice(["minors", "women", "adults"])]
    if rng.random() < 0.2:
        kwargs["open_now"] = True
    if rng.random() < 0.15:
        kwargs["intake_24_7"] = True
    if rng.random() < 0.5:
        kwargs["postal_code"] = rng.choice(ZIPS)
        kwargs["sort"] = "distance"
        if rng.random() < 0.5:
            kwargs["radius_miles"] = rng.choice([5, 10, 25])
    kwargs["page"] = rng.choice([1, 1, 2])
    return kwargs
