"""What a service looks like to search: one plain document per published, public service.

`build_document` turns a ServicePage into plain data (JSON-safe); both backends store exactly that, so
they answer from the same facts. `ServiceDocument` is the Elasticsearch mapping of the same document.
"""

import re
import unicodedata

from django.utils.html import strip_tags
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Document,
    GeoPoint,
    Integer,
    IntegerRange,
    Keyword,
    Long,
    Object,
    Text,
    analyzer,
    token_filter,
)

from directory.models import OrganizationPage, ServicePage

WEEK_MINUTES = 7 * 1440

# --- Plain documents ---------------------------------------------------------------------------------


def is_searchable(service: ServicePage, organization: OrganizationPage | None = None) -> bool:
    """Published and public: the service and its organization are live and nothing restricts viewing."""
    if not service.live:
        return False
    organization = organization or service.get_parent().specific
    if not organization.live:
        return False
    return not service.get_view_restrictions().exists()


def open_ranges(service: ServicePage) -> list[list[int]]:
    """The weekly opening periods as [start, end) minutes from Monday 00:00, split at the week's end."""
    ranges = []
    for period in service.periods():
        start, end = period.minutes()
        if end > WEEK_MINUTES:
            ranges.append([start, WEEK_MINUTES])
            ranges.append([0, end - WEEK_MINUTES])
        else:
            ranges.append([start, end])
    return sorted(ranges)


def site_path(page) -> str:
    """The page's path below the site root ("directory/org/service/"), language prefix left to the view."""
    return "/".join(page.url_path.strip("/").split("/")[1:]) + "/"


def normalize_text(text: str) -> str:
    """Lower-case words without accents, for the embedded backend's keyword search."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def build_document(service: ServicePage, organization: OrganizationPage | None = None) -> dict:
    organization = organization or service.get_parent().specific
    needs = sorted(service.needs.all(), key=lambda n: (n.sort_order, n.name))
    languages = sorted(service.languages.all(), key=lambda lang: lang.name)
    populations = sorted(service.populations.all(), key=lambda p: p.name)
    locations = [
        {
            "name": loc.name,
            "city": loc.city,
            "postal_code": loc.postal_code,
            "lat": loc.latitude,
            "lon": loc.longitude,
        }
        for loc in service.locations.all()
        if loc.latitude is not None and loc.longitude is not None
    ]
    return {
        "service_id": str(service.hsds_id),
        "page_id": service.pk,
        "organization_id": str(organization.hsds_id),
        "organization_page_id": organization.pk,
        "organization_name": organization.title,
        "title": service.title,
        "name_sort": service.title.lower(),
        "summary": service.summary,
        "description": strip_tags(service.description or ""),
        "how_to_get_help": service.how_to_get_help,
        "eligibility": service.eligibility_description,
        "path": site_path(service),
        "status": service.status,
        "accepting_referrals": service.accepting_referrals,
        "needs": [n.code for n in needs],
        "need_labels": {n.code: {"en": n.name, "es": n.name_es or n.name} for n in needs},
        "languages": [lang.code for lang in languages],
        "language_labels": {lang.code: {"en": lang.name, "es": lang.name_es or lang.name} for lang in languages},
        "populations": [p.code for p in populations],
        "population_labels": {p.code: {"en": p.name, "es": p.name_es or p.name} for p in populations},
        "genders": list(service.genders or []),
        "trafficking_types": list(service.trafficking_types or []),
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "intake_24_7": service.intake_24_7,
        "places_free": service.places_free,
        "capacity_note": service.capacity_note,
        # Seconds since the epoch (plain JSON, compared as a number by both backends); None = never said.
        "capacity_at": int(service.capacity_updated_at.timestamp()) if service.capacity_updated_at else None,
        "phone": service.phone or organization.phone,
        "open_ranges": open_ranges(service),
        "locations": locations,
    }


def document_text(doc: dict) -> str:
    """Everything a keyword may be found in, English and Spanish labels included."""
    parts = [doc["title"], doc["organization_name"], doc["summary"], doc["description"], doc["how_to_get_help"],
             doc["eligibility"]]
    for labels in (doc["need_labels"], doc["language_labels"], doc["population_labels"]):
        for label in labels.values():
            parts += [label["en"], label["es"]]
    parts += [loc["city"] for loc in doc["locations"]]
    return " ".join(p for p in parts if p)


def title_text(doc: dict) -> str:
    return " ".join([doc["title"], doc["organization_name"], *(lbl["en"] + " " + lbl["es"]
                                                                for lbl in doc["need_labels"].values())])


# --- Elasticsearch mapping ---------------------------------------------------------------------------

english = analyzer(
    "coalition_english",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", token_filter("english_stop", "stop", stopwords="_english_"),
            token_filter("english_stemmer", "stemmer", language="light_english")],
)
spanish = analyzer(
    "coalition_spanish",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", token_filter("spanish_stop", "stop", stopwords="_spanish_"),
            token_filter("spanish_stemmer", "stemmer", language="light_spanish")],
)
folded = analyzer("coalition_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])


def bilingual_text(**kwargs):
    return Text(analyzer=folded, fields={"en": Text(analyzer=english), "es": Text(analyzer=spanish)}, **kwargs)


class ServiceDocument(Document):
    service_id = Keyword()
    page_id = Integer()
    organization_id = Keyword()
    organization_page_id = Integer()
    organization_name = bilingual_text()
    title = bilingual_text()
    name_sort = Keyword()
    summary = bilingual_text()
    description = bilingual_text()
    how_to_get_help = bilingual_text()
    eligibility = bilingual_text()
    labels = bilingual_text()  # need, language and population labels in both languages
    path = Keyword(index=False)
    status = Keyword()
    accepting_referrals = Boolean()
    needs = Keyword()
    languages = Keyword()
    populations = Keyword()
    genders = Keyword()
    trafficking_types = Keyword()
    minimum_age = Integer()
    maximum_age = Integer()
    intake_24_7 = Boolean()
    places_free = Integer()
    capacity_at = Long()  # seconds since the epoch of the last capacity statement
    capacity_note = Keyword(index=False)
    phone = Keyword(index=False)
    open_minutes = IntegerRange()  # [gte, lt) minutes of the week; "open now" is a term query on it
    points = GeoPoint()
    suggest = Completion(analyzer=folded)  # type-ahead on service and organization names
    # The plain document as stored for the embedded backend, kept whole for results and reasons.
    need_labels = Object(enabled=False)
    language_labels = Object(enabled=False)
    population_labels = Object(enabled=False)
    open_ranges = Object(enabled=False)
    locations = Object(enabled=False)

    class Index:
        name = "services"  # the real name (versioned, behind an alias) is given at each call
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def es_source(doc: dict) -> dict:
    """The Elasticsearch _source for a plain document: the document plus its indexed helper fields."""
    labels = []
    for group in (doc["need_labels"], doc["language_labels"], doc["population_labels"]):
        for label in group.values():
            labels += [label["en"], label["es"]]
    source = dict(doc)
    source["labels"] = " ".join(labels)
    source["open_minutes"] = [{"gte": start, "lt": end} for start, end in doc["open_ranges"]]
    source["points"] = [{"lat": loc["lat"], "lon": loc["lon"]} for loc in doc["locations"]]
    source["suggest"] = {"input": [doc["title"], doc["organization_name"]]}
    return source
