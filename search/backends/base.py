"""What every search backend provides. Callers use search.service, never a backend directly."""

from dataclasses import dataclass, field


class BackendUnavailable(RuntimeError):
    """The backend cannot be reached or cannot answer; the service falls back to the embedded backend."""


@dataclass
class RawSearchResults:
    total: int
    docs: list[dict]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class IndexHealth:
    backend: str
    reachable: bool
    index_name: str = ""
    documents: int = 0
    missing: list[str] = field(default_factory=list)  # service ids that should be indexed and are not
    stale: list[str] = field(default_factory=list)  # indexed, but different from the page as published
    extra: list[str] = field(default_factory=list)  # indexed, but no longer published
    pending: int = 0  # updates waiting for Elasticsearch to come back
    detail: str = ""

    @property
    def healthy(self) -> bool:
        return self.reachable and not (self.missing or self.stale or self.extra or self.pending)


class SearchBackend:
    """A backend's parts: the matching engine, public search, writes by page, rebuild, health check.

    Every method takes and returns plain documents (search.documents.build_document); ranking and
    reasons come from search.query, so backends differ only in how they find candidates.
    """

    name = "base"

    def match(self, request) -> list[dict]:
        """CONTRACT section 4 results for a validated search.query.MatchRequest, strongest first."""
        raise NotImplementedError

    def search(self, request) -> RawSearchResults:
        """One page of documents for a validated search.query.SearchRequest, with facet counts."""
        raise NotImplementedError

    def suggest(self, prefix: str, size: int = 8) -> list[str]:
        """Service and organization names that start with `prefix` (type-ahead)."""
        raise NotImplementedError

    def write(self, docs: list[dict]) -> None:
        raise NotImplementedError

    def upsert(self, docs: list[dict], remove_ids: list[str] = ()) -> None:
        """Write `docs` and remove the documents `remove_ids` (by service id), as one operation where the
        backend can: what one page's change needs."""
        if remove_ids:
            self.remove_documents(list(remove_ids))
        if docs:
            self.write(docs)

    def remove_pages(self, page_ids: list[int]) -> None:
        """Remove the documents of these service pages, or of every service under these organizations."""
        raise NotImplementedError

    def remove_documents(self, service_ids: list[str]) -> None:
        """Remove documents by service id (the health check's repair of documents nothing owns)."""
        raise NotImplementedError

    def rebuild(self, docs, progress=None) -> int:
        """Replace the whole index with `docs` (an iterable); returns how many were written."""
        raise NotImplementedError

    def stored(self) -> dict[str, dict]:
        """Every stored document by service id (for the health check)."""
        raise NotImplementedError

    def check(self, expected: dict[str, dict]) -> IndexHealth:
        try:
            stored = self.stored()
        except BackendUnavailable as exc:
            return IndexHealth(self.name, reachable=False, detail=str(exc))
        health = IndexHealth(self.name, reachable=True, index_name=self.index_name(), documents=len(stored))
        health.missing = sorted(set(expected) - set(stored))
        health.extra = sorted(set(stored) - set(expected))
        health.stale = sorted(sid for sid in set(expected) & set(stored) if stored[sid] != expected[sid])
        return health

    def index_name(self) -> str:
        return ""
