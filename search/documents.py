"""What a service looks like to search: one plain document per published, public service.

`build_document` turns a ServicePage into plain data (JSON-safe); both backends store exactly that, so
they answer from the same facts. `ServiceDocument` is the Elasticsearch mapping of the same document.
"""

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
from wagtail.models import Page

from directory.hsds.serialize import public_coordinates
from directory.locales import source_language
from directory.models import OrganizationPage, ServicePage

from .query import public_points
from .words import normalize_text, synonym_rules

__all__ = ["normalize_text"]  # re-exported: the embedded backend imports it from here

WEEK_MINUTES = 7 * 1440

# --- Plain documents ---------------------------------------------------------------------------------


def is_searchable(service: ServicePage, organization: OrganizationPage | None = None) -> bool:
    """Published and public: the service and its organization are live and nothing restricts viewing."""
    if not service.live:
        return False
    organization = organization or service.organization
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


def location_entry(loc) -> dict:
    """A location's true point (`lat`, `lon`: for advocates' matching only) and its public point
    (`public_lat`, `public_lon`): the same point the pages and the HSDS API give, so the ZIP code's centre
    for a confidential address (None when that ZIP is unknown: then public search measures nothing)."""
    public_lat, public_lon = public_coordinates(loc)
    return {
        "name": loc.name,
        "city": loc.city,
        "postal_code": loc.postal_code,
        "lat": loc.latitude,
        "lon": loc.longitude,
        "public_lat": public_lat,
        "public_lon": public_lon,
    }


def translations_of(services) -> dict:
    """{translation_key: {language: page}} of the live translations (not aliases) of these source pages
    and their organizations, in one query."""
    keys = set()
    for service in services:
        keys.add(service.translation_key)
        keys.add(service.organization.translation_key)
    found: dict = {}
    if not keys:
        return found
    rows = (
        Page.objects.filter(translation_key__in=keys, alias_of__isnull=True)
        .live()
        .exclude(locale__language_code=source_language())
        .select_related("locale")
        .specific()
    )
    for page in rows:
        found.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return found


def translated_words(service: ServicePage, organization: OrganizationPage, translations: dict) -> dict:
    """Per language, the words a translation gives the source service (and its organization)."""
    words = {}
    for language, page in translations.get(service.translation_key, {}).items():
        if isinstance(page, ServicePage):
            org = translations.get(organization.translation_key, {}).get(language)
            words[language] = {
                "title": page.title,
                "summary": page.summary,
                "organization_name": org.title if org is not None else "",
                "text": " ".join(
                    part
                    for part in (
                        page.title,
                        org.title if org is not None else "",
                        page.summary,
                        strip_tags(page.description or ""),
                        page.how_to_get_help,
                        page.eligibility_description,
                    )
                    if part
                ),
            }
    return words


def build_document(
    service: ServicePage, organization: OrganizationPage | None = None, translations: dict | None = None
) -> dict:
    """`translations`: translations_of() for a batch of services (looked up for this one when not given)."""
    organization = organization or service.organization
    if translations is None:
        translations = translations_of([service])
    needs = sorted(service.needs.all(), key=lambda n: (n.sort_order, n.name))
    languages = sorted(service.languages.all(), key=lambda lang: lang.name)
    populations = sorted(service.populations.all(), key=lambda p: p.name)
    locations = [
        location_entry(loc) for loc in service.locations.all() if loc.latitude is not None and loc.longitude is not None
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
        # The service in other languages (its live translations): shown to visitors of that language,
        # and searched, so Spanish words find the one entry of the service.
        "translations": translated_words(service, organization, translations),
    }


def document_text(doc: dict) -> str:
    """Everything a keyword may be found in, English and Spanish labels included."""
    parts = [
        doc["title"],
        doc["organization_name"],
        doc["summary"],
        doc["description"],
        doc["how_to_get_help"],
        doc["eligibility"],
    ]
    for labels in (doc["need_labels"], doc["language_labels"], doc["population_labels"]):
        for label in labels.values():
            parts += [label["en"], label["es"]]
    parts += [loc["city"] for loc in doc["locations"]]
    parts += [words["text"] for words in doc.get("translations", {}).values()]
    return " ".join(p for p in parts if p)


def title_text(doc: dict) -> str:
    return " ".join(
        [
            doc["title"],
            doc["organization_name"],
            *(lbl["en"] + " " + lbl["es"] for lbl in doc["need_labels"].values()),
            *(words["title"] for words in doc.get("translations", {}).values()),
        ]
    )


# --- Elasticsearch mapping ---------------------------------------------------------------------------


def _synonym_filter():
    # At index time, so a document holding "albergue" also holds "refugio" and "shelter": a misspelt
    # query word ("sheltr") then finds every synonym through the fuzzy query. Placed after stemming, so
    # the rules are stemmed exactly like the words they meet. `synonym`, not `synonym_graph`: graphs
    # cannot be indexed (the list has single words only).
    return token_filter("coalition_synonyms", "synonym", synonyms=synonym_rules(), lenient=True)


english = analyzer(
    "coalition_english",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("english_stop", "stop", stopwords="_english_"),
        token_filter("english_stemmer", "stemmer", language="light_english"),
        _synonym_filter(),
    ],
)
spanish = analyzer(
    "coalition_spanish",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("spanish_stop", "stop", stopwords="_spanish_"),
        token_filter("spanish_stemmer", "stemmer", language="light_spanish"),
        _synonym_filter(),
    ],
)
folded = analyzer("coalition_folded", tokenizer="standard", filter=["lowercase", "asciifolding", _synonym_filter()])


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
    text_es = Text(analyzer=spanish)  # the words of the service's Spanish translation, when it has one
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
    points = GeoPoint()  # true points: advocates' matching
    public_points = GeoPoint()  # public points (a confidential address at its ZIP centre): public search
    suggest = Completion(analyzer=folded)  # type-ahead on service and organization names
    # The plain document as stored for the embedded backend, kept whole for results and reasons.
    need_labels = Object(enabled=False)
    language_labels = Object(enabled=False)
    population_labels = Object(enabled=False)
    open_ranges = Object(enabled=False)
    locations = Object(enabled=False)
    translations = Object(enabled=False)

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
    source["public_points"] = [{"lat": lat, "lon": lon} for lat, lon in public_points(doc)]
    spanish_words = doc.get("translations", {}).get("es")
    source["text_es"] = spanish_words["text"] if spanish_words else ""
    source["suggest"] = {"input": [doc["title"], doc["organization_name"]]}
    return source
