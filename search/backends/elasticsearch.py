"""The Elasticsearch backend (elasticsearch.dsl). Chosen when ELASTICSEARCH_URL is set.

Documents live in a versioned index (`<prefix>-services-<stamp>`) behind the alias `<prefix>-services`;
a rebuild fills a new index and swaps the alias in one step, so searches never see an empty index.
Queries are built by search.es_queries (testable without a cluster); results pass through the same
ranking and reasons as the embedded backend.
"""

import secrets
import time

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from .. import es_queries
from .. import query as q
from ..documents import ServiceDocument, es_source
from .base import BackendUnavailable, RawSearchResults, SearchBackend

_clients: dict[str, Elasticsearch] = {}
# (url, alias) pairs known to exist: the alias is checked once per process, not before every write.
_aliases_ready: set[tuple[str, str]] = set()
PLAIN_FIELDS = None  # the plain document's keys, filled on first use


def node_urls(url: str) -> list[str]:
    """ELASTICSEARCH_URL may name several nodes of one cluster, comma-separated."""
    return [part.strip() for part in (url or "").split(",") if part.strip()]


def client_for(url: str) -> Elasticsearch:
    """One client per URL (list). With several nodes a request a node cannot answer (refused, reset, timed
    out) is retried on the next node; with one node it fails at once, so the site falls back quickly."""
    if url not in _clients:
        nodes = node_urls(url)
        retries = len(nodes) - 1
        _clients[url] = Elasticsearch(nodes, request_timeout=5, max_retries=retries, retry_on_timeout=retries > 0)
    return _clients[url]


def replicas_for(es: Elasticsearch) -> int:
    """ELASTICSEARCH_REPLICAS: a number, or automatic (empty or "auto"): one replica when the cluster has
    more than one data node, so losing a node loses no document and no answer."""
    wanted = str(getattr(settings, "ELASTICSEARCH_REPLICAS", "") or "auto").strip().lower()
    if wanted != "auto":
        return max(0, int(wanted))
    return 1 if es.cluster.health()["number_of_data_nodes"] > 1 else 0


def plain(source: dict) -> dict:
    """The plain document inside an Elasticsearch _source (dropping the helper fields)."""
    return {k: v for k, v in source.items() if k not in es_queries.HELPER_FIELDS}


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str | None = None, prefix: str | None = None):
        self.url = url or settings.ELASTICSEARCH_URL
        self.prefix = prefix or settings.ELASTICSEARCH_INDEX_PREFIX
        self.alias = f"{self.prefix}-services"
        self.es = client_for(self.url)

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TransportError, ApiError, helpers.BulkIndexError) as exc:
            # BulkIndexError: documents refused, e.g. while a restarted cluster has no active primary yet.
            raise BackendUnavailable(f"Elasticsearch: {type(exc).__name__}") from exc

    # --- reading ---

    def match(self, request: q.MatchRequest) -> list[dict]:
        # Elasticsearch filters and orders; a few extra hits let the shared ranking settle the last
        # places exactly as the embedded backend does (distances are re-measured on the stored points).
        body = es_queries.match_query(request, size=request.limit * 2 + 10)
        response = self._call(self.es.search, index=self.alias, body=body)
        docs = [plain(hit["_source"]) for hit in response["hits"]["hits"]]
        return q.rank_matches([d for d in docs if q.admits(d, request)], request)

    def search(self, request: q.SearchRequest) -> RawSearchResults:
        body = es_queries.search_query(request)
        response = self._call(self.es.search, index=self.alias, body=body)
        docs = [plain(hit["_source"]) for hit in response["hits"]["hits"]]
        return RawSearchResults(
            total=response["hits"]["total"]["value"],
            docs=docs,
            facets=es_queries.read_facets(response.get("aggregations", {})),
        )

    def suggest(self, prefix: str, size: int = 8) -> list[str]:
        if not prefix.strip():
            return []
        body = es_queries.suggest_query(prefix, size)
        response = self._call(self.es.search, index=self.alias, body=body)
        names = []
        for option in response["suggest"]["names"][0]["options"]:
            if option["text"] not in names:
                names.append(option["text"])
        return names

    # --- index management ---

    def index_name(self) -> str:
        try:
            names = list(self._call(self.es.indices.get_alias, name=self.alias).keys())
        except BackendUnavailable:
            return ""
        return names[0] if names else ""

    @property
    def admin(self) -> Elasticsearch:
        """For index creation and bulk loads: on a cluster these wait for every shard copy, so they get
        longer than a search's 5 s, and no blind retry (a create that timed out may have succeeded)."""
        return self.es.options(request_timeout=60, max_retries=0)

    def new_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
        self._call(ServiceDocument.init, index=name, using=self.admin)
        replicas = self._call(replicas_for, self.es)
        if replicas:
            self._call(self.admin.indices.put_settings, index=name, body={"index": {"number_of_replicas": replicas}})
        return name

    def ensure_index(self) -> str:
        if (self.url, self.alias) in _aliases_ready:
            return self.alias
        try:
            if not self.es.indices.exists_alias(name=self.alias):
                name = self.new_index()
                self.admin.indices.put_alias(index=name, name=self.alias)
        except (TransportError, ApiError) as exc:
            raise BackendUnavailable(f"Elasticsearch: {type(exc).__name__}") from exc
        _aliases_ready.add((self.url, self.alias))
        return self.alias

    def write(self, docs: list[dict]) -> None:
        self.upsert(docs)

    def upsert(self, docs: list[dict], remove_ids: list[str] = ()) -> None:
        """One bulk request and one refresh wait: index `docs`, delete `remove_ids` (absent ones are fine)."""
        actions = [{"_index": self.alias, "_id": d["service_id"], "_source": es_source(d)} for d in docs]
        actions += [{"_op_type": "delete", "_index": self.alias, "_id": i} for i in remove_ids]
        if not actions:
            return
        self.ensure_index()
        for attempt in (1, 2):
            # require_alias: never let a write create a plain index where the alias went missing.
            _ok, errors = self._call(
                helpers.bulk,
                self.es.options(request_timeout=30),
                actions,
                refresh="wait_for",
                raise_on_error=False,
                require_alias=True,
            )
            errors = [e for e in errors if e.get("delete", {}).get("status") != 404]
            if not errors:
                return
            if attempt == 1 and any("alias" in str(e) for e in errors):
                _aliases_ready.discard((self.url, self.alias))  # dropped behind our back: make it again
                self.ensure_index()
                continue
            raise helpers.BulkIndexError(f"{len(errors)} document(s) failed to index.", errors)

    def remove_pages(self, page_ids: list[int]) -> None:
        self.ensure_index()
        # By ids rather than _delete_by_query, which lives in the optional reindex module.
        query = {"bool": {"should": [{"terms": {"page_id": page_ids}}, {"terms": {"organization_page_id": page_ids}}]}}
        try:
            ids = [hit["_id"] for hit in helpers.scan(self.es, index=self.alias, query={"query": query}, _source=False)]
        except (TransportError, ApiError) as exc:
            raise BackendUnavailable(f"Elasticsearch: {type(exc).__name__}") from exc
        self.remove_documents(ids)

    def remove_documents(self, service_ids: list[str]) -> None:
        if service_ids:
            actions = [{"_op_type": "delete", "_index": self.alias, "_id": i} for i in service_ids]
            self._call(helpers.bulk, self.es, actions, refresh="wait_for", raise_on_error=False)

    def rebuild(self, docs, progress=None) -> int:
        name = self.new_index()
        count = 0

        def actions():
            nonlocal count
            for doc in docs:
                count += 1
                if progress and count % 500 == 0:
                    progress(500)
                yield {"_index": name, "_id": doc["service_id"], "_source": es_source(doc)}

        try:
            admin = self.admin
            self._call(admin.indices.put_settings, index=name, body={"index": {"refresh_interval": "-1"}})
            self._call(helpers.bulk, admin, actions(), chunk_size=1000)
            self._call(admin.indices.put_settings, index=name, body={"index": {"refresh_interval": "1s"}})
            self._call(admin.indices.refresh, index=name)
            old = self._old_indexes()
            swap = [{"add": {"index": name, "alias": self.alias}}]
            swap += [{"remove": {"index": old_name, "alias": self.alias}} for old_name in old]
            self._call(admin.indices.update_aliases, body={"actions": swap})
            _aliases_ready.add((self.url, self.alias))
        except BackendUnavailable:
            self._drop(name)
            raise
        for old_name in old:
            self._drop(old_name)
        if progress and count % 500:
            progress(count % 500)
        return count

    def _old_indexes(self) -> list[str]:
        try:
            return list(self.es.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            return []

    def _drop(self, name: str) -> None:
        try:
            self.es.indices.delete(index=name, ignore_unavailable=True)
        except (TransportError, ApiError):
            pass

    def drop_all(self) -> None:
        """Delete every index of this prefix (tests and benchmarks clean up with it)."""
        _aliases_ready.discard((self.url, self.alias))
        self._call(
            self.es.indices.delete,
            index=f"{self.alias}-*",
            ignore_unavailable=True,
            allow_no_indices=True,
            expand_wildcards="all",
        )

    def stored(self) -> dict[str, dict]:
        self.ensure_index()
        out = {}
        try:
            for hit in helpers.scan(self.es, index=self.alias, query={"query": {"match_all": {}}}):
                out[hit["_id"]] = plain(hit["_source"])
        except (TransportError, ApiError) as exc:
            raise BackendUnavailable(f"Elasticsearch: {type(exc).__name__}") from exc
        return out
