"""The embedded backend: the project's own database (SQLite or PostgreSQL), no other service needed.

The database narrows the candidates with portable filters (LIKE on " code " strings, age bounds);
gender, trafficking type, radius and "open now" are checked in Python on the plain documents, the same
functions the Elasticsearch backend's results pass through.
"""

from django.db import transaction
from django.db.models import Q

from .. import query as q
from ..documents import document_text, normalize_text, title_text
from ..models import IndexedService
from .base import RawSearchResults, SearchBackend


def _any_code(field_name: str, codes) -> Q:
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{field_name}__contains": f" {code} "})
    return condition


def stem(word: str) -> str:
    """A light plural stemmer shared by English and Spanish ("shelters", "refugios" → "shelter", "refugio")."""
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiou":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def keyword_terms(text: str) -> list[str]:
    return list(dict.fromkeys(stem(w) for w in normalize_text(text).split()))


def relevance(doc: dict, terms: list[str]) -> float:
    title_words = f" {normalize_text(title_text(doc))}"
    body_words = f" {normalize_text(document_text(doc))}"
    score = 0.0
    for term in terms:
        score += 3 * title_words.count(f" {term}") + min(body_words.count(f" {term}"), 5)
    return score


def row_for(doc: dict) -> IndexedService:
    return IndexedService(
        service_id=doc["service_id"],
        page_id=doc["page_id"],
        organization_page_id=doc["organization_page_id"],
        status=doc["status"],
        accepting_referrals=doc["accepting_referrals"],
        needs_text=" " + " ".join(doc["needs"]) + " ",
        languages_text=" " + " ".join(doc["languages"]) + " ",
        populations_text=" " + " ".join(doc["populations"]) + " ",
        minimum_age=doc["minimum_age"],
        maximum_age=doc["maximum_age"],
        intake_24_7=doc["intake_24_7"],
        name_sort=doc["name_sort"][:255],
        search_text=" " + normalize_text(document_text(doc)) + " ",
        document=doc,
    )


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- reading ---

    def match(self, request: q.MatchRequest) -> list[dict]:
        rows = IndexedService.objects.filter(status="active", accepting_referrals=True).filter(
            _any_code("needs_text", request.needs)
        )
        if request.age is not None:
            rows = rows.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=request.age))
            rows = rows.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=request.age))
        docs = [doc for doc in rows.values_list("document", flat=True) if q.admits(doc, request)]
        return q.rank_matches(docs, request)

    def search(self, request: q.SearchRequest) -> RawSearchResults:
        rows = IndexedService.objects.filter(status="active")
        if request.needs:
            rows = rows.filter(_any_code("needs_text", request.needs))
        if request.languages:
            rows = rows.filter(_any_code("languages_text", request.languages))
        if request.populations:
            rows = rows.filter(_any_code("populations_text", request.populations))
        if request.intake_24_7:
            rows = rows.filter(intake_24_7=True)
        terms = keyword_terms(request.text)
        for term in terms:
            rows = rows.filter(search_text__contains=f" {term}")
        docs = [doc for doc in rows.values_list("document", flat=True) if q.search_admits(doc, request)]
        facets = q.facet_counts(docs, request)
        if terms and request.sort != "distance":
            scored = [(q.search_sort_key(d, request, relevance(d, terms)), d) for d in docs]
        else:
            scored = [(q.search_sort_key(d, request), d) for d in docs]
        scored.sort(key=lambda pair: pair[0])
        start = (request.page - 1) * request.per_page
        return RawSearchResults(
            total=len(docs), docs=[d for _key, d in scored[start:start + request.per_page]], facets=facets
        )

    def suggest(self, prefix: str, size: int = 8) -> list[str]:
        words = normalize_text(prefix)
        if not words:
            return []
        rows = IndexedService.objects.filter(status="active", search_text__contains=f" {words}")
        names = []
        for doc in rows.values_list("document", flat=True)[:200]:
            for name in (doc["title"], doc["organization_name"]):
                if normalize_text(name).startswith(words) and name not in names:
                    names.append(name)
        return sorted(names, key=str.lower)[:size]

    # --- writing ---

    def write(self, docs: list[dict]) -> None:
        with transaction.atomic():
            IndexedService.objects.filter(service_id__in=[d["service_id"] for d in docs]).delete()
            IndexedService.objects.bulk_create([row_for(d) for d in docs], batch_size=500)

    def remove_pages(self, page_ids: list[int]) -> None:
        IndexedService.objects.filter(Q(page_id__in=page_ids) | Q(organization_page_id__in=page_ids)).delete()

    def rebuild(self, docs, progress=None) -> int:
        count = 0
        batch = []
        with transaction.atomic():
            IndexedService.objects.all().delete()
            for doc in docs:
                batch.append(row_for(doc))
                if len(batch) >= 500:
                    IndexedService.objects.bulk_create(batch)
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                IndexedService.objects.bulk_create(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
        return count

    def stored(self) -> dict[str, dict]:
        return dict(IndexedService.objects.values_list("service_id", "document"))

    def index_name(self) -> str:
        return IndexedService._meta.db_table
