"""The embedded backend: the project's own database (SQLite or PostgreSQL), no other service needed.

Each row holds a service's plain document and its slim "facts" (search.query.facts_of). The facts are
decoded once per process and index state (cached_facts) and filtered and ranked in Python by the same
functions the Elasticsearch backend's results pass through; keywords are found by the database (LIKE on
accent-free words), and whole documents are loaded only for the page returned.
"""

from django.db import connection, transaction
from django.db.models import Count, Max, Q

from .. import query as q
from ..documents import document_text, normalize_text, title_text
from ..models import IndexedService
from ..words import expand, query_terms
from .base import RawSearchResults, SearchBackend


def keyword_terms(text: str) -> list[str]:
    return query_terms(text)


def relevance(title_words: str, body_words: str, terms: list[set[str]]) -> float:
    """Title words count three times; each query word counts at most five times in the body, by its best
    spelling (the word itself, a synonym or a near spelling)."""
    score = 0.0
    for alternatives in terms:
        score += max(3 * title_words.count(f" {word}") + min(body_words.count(f" {word}"), 5) for word in alternatives)
    return score


_cache: dict = {}


def cached_facts() -> dict[str, dict]:
    """Every service's facts by service id, decoded once per process and index state.

    The stamp (row count, last write, database) changes with every write, rebuild or removal, so a
    process never answers from facts older than the table; between writes no JSON is decoded again.
    """
    stamp = IndexedService.objects.aggregate(n=Count("service_id"), last=Max("indexed_at"))
    key = (connection.settings_dict["NAME"], stamp["n"], stamp["last"])
    if _cache.get("key") != key:
        _cache["facts"] = dict(IndexedService.objects.values_list("service_id", "facts"))
        _cache["key"] = key
    return _cache["facts"]


def vocabulary() -> list[str]:
    """Every distinct word of the index (for typo tolerance), kept as long as cached_facts is."""
    cached_facts()
    key = _cache["key"]
    if _cache.get("vocabulary_key") != key:
        words = set()
        for text in IndexedService.objects.values_list("search_text", flat=True).iterator():
            words.update(text.split())
        _cache["vocabulary"] = sorted(words)
        _cache["vocabulary_key"] = key
    return _cache["vocabulary"]


def load_documents(facts: list[dict]) -> list[dict]:
    """The whole documents for these (ranked) facts, in the same order."""
    by_id = dict(
        IndexedService.objects.filter(service_id__in=[f["service_id"] for f in facts]).values_list(
            "service_id", "document"
        )
    )
    return [by_id[f["service_id"]] for f in facts if f["service_id"] in by_id]


def row_for(doc: dict) -> IndexedService:
    return IndexedService(
        service_id=doc["service_id"],
        page_id=doc["page_id"],
        organization_page_id=doc["organization_page_id"],
        status=doc["status"],
        search_text=" " + normalize_text(document_text(doc)) + " ",
        title_text=" " + normalize_text(title_text(doc)) + " ",
        facts=q.facts_of(doc),
        document=doc,
    )


UPDATED_ON_CONFLICT = [
    "page_id",
    "organization_page_id",
    "status",
    "search_text",
    "title_text",
    "facts",
    "document",
    "indexed_at",
]


def upsert(rows: list[IndexedService]) -> None:
    """Insert or overwrite these rows by service id. A worker's index task may write a document between a
    rebuild's delete and its insert (or two tasks may write one at once): the last write wins, no write fails
    on the key."""
    if rows:
        IndexedService.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["service_id"],
            update_fields=UPDATED_ON_CONFLICT,
        )


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- reading ---

    def match(self, request: q.MatchRequest) -> list[dict]:
        facts = [f for f in cached_facts().values() if q.admits(f, request)]
        return q.rank_matches(facts, request, load=load_documents)

    def search(self, request: q.SearchRequest) -> RawSearchResults:
        facts = cached_facts()
        words = keyword_terms(request.text)
        if words:
            known = vocabulary()
            terms = [expand(word, known) for word in words]
            rows = IndexedService.objects.all()
            for alternatives in terms:
                found_as = Q()
                for word in sorted(alternatives):
                    found_as |= Q(search_text__contains=f" {word}")
                rows = rows.filter(found_as)
            found = [
                (facts.get(sid), title_words, body_words)
                for sid, title_words, body_words in rows.values_list("service_id", "title_text", "search_text")
            ]
            if request.sort != "distance":
                scored = [
                    (q.search_sort_key(f, request, relevance(t, b, terms)), f)
                    for f, t, b in found
                    if f is not None and q.search_admits(f, request)
                ]
            else:
                scored = [
                    (q.search_sort_key(f, request), f)
                    for f, _t, _b in found
                    if f is not None and q.search_admits(f, request)
                ]
        else:
            scored = [(q.search_sort_key(f, request), f) for f in facts.values() if q.search_admits(f, request)]
        facets = q.facet_counts([f for _key, f in scored], request)
        scored.sort(key=lambda pair: pair[0])
        start = (request.page - 1) * request.per_page
        page = load_documents([f for _key, f in scored[start : start + request.per_page]])
        return RawSearchResults(total=len(scored), docs=page, facets=facets)

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
        upsert([row_for(d) for d in docs])

    def remove_pages(self, page_ids: list[int]) -> None:
        IndexedService.objects.filter(Q(page_id__in=page_ids) | Q(organization_page_id__in=page_ids)).delete()

    def remove_documents(self, service_ids: list[str]) -> None:
        IndexedService.objects.filter(service_id__in=service_ids).delete()

    def rebuild(self, docs, progress=None) -> int:
        count = 0
        batch = []
        with transaction.atomic():
            IndexedService.objects.all().delete()
            for doc in docs:
                batch.append(row_for(doc))
                if len(batch) >= 500:
                    upsert(batch)
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                upsert(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
        return count

    def stored(self) -> dict[str, dict]:
        return dict(IndexedService.objects.values_list("service_id", "document"))

    def index_name(self) -> str:
        return IndexedService._meta.db_table
