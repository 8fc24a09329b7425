"""The one search interface. Pages, referrals and the HSDS API call these functions and never learn
which backend answered (except through `backend` in a response, which the contract asks for).

When Elasticsearch is configured but cannot answer, every call falls back to the embedded backend
(the same documents, kept in this database) with a short notice; nothing here ever raises for that.
No search term is logged or stored.
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from directory.geocode import UnknownPostalCode
from directory.locales import active_content_language

from . import query as q
from .backends import BackendUnavailable, configured_backend, database_backend
from .query import InvalidRequest

__all__ = [
    "InvalidRequest",
    "SearchResults",
    "match",
    "recheck_services",
    "search",
    "service_hsds_ids_for_text",
    "suggest",
    "validate_match_request",
]

logger = logging.getLogger(__name__)
SORTS = ("relevance", "distance")
MAX_PER_PAGE = 100
ID_PAGE_SIZE = 1000
MAX_IDS = 10_000  # Elasticsearch's default result window


def _run(operation, *args):
    """Run on the configured backend; on an unreachable Elasticsearch, on the embedded one."""
    backend = configured_backend()
    try:
        return backend.name, getattr(backend, operation)(*args), ""
    except BackendUnavailable:
        if backend.name == "database":
            raise
        # No request data in the log line: only that the fallback happened.
        logger.warning("Search backend %s unavailable; answering from the database.", backend.name)
        fallback = database_backend()
        return (
            fallback.name,
            getattr(fallback, operation)(*args),
            _("Search is running in a simpler mode right now; results may be less precise."),
        )


def validate_match_request(request: dict, *, now: datetime | None = None) -> q.MatchRequest:
    """The one validator of a matching request (CONTRACT section 2): the API, the advocate's form and the
    command line all use it, so their limits agree. Raises InvalidRequest naming each bad field."""
    return q.validate_match_request(request, now=now)


def match(request: dict, *, now: datetime | None = None) -> dict:
    """Run one matching request (CONTRACT section 2); return the response of section 4.

    Raises InvalidRequest naming the bad fields. `now` fixes the clock for "open now" (default: now).
    When Elasticsearch could not answer and the database did, `notice` says so (for the advocate's screen).
    """
    validated = q.validate_match_request(request, now=now)
    backend, results, notice = _run("match", validated)
    response = {"backend": backend, "results": results}
    if notice:
        response["notice"] = notice
    return response


def recheck_services(request: dict, service_ids, *, now: datetime | None = None) -> dict[str, list[str]]:
    """Which hard filters each chosen service fails now, by HSDS id (an empty list: it passes).

    Checked on the live pages, not the index, so a service that stopped accepting referrals a minute ago
    fails. A service that is not published (or not found) fails "unavailable". Raises InvalidRequest.
    """
    from directory.models import ServicePage

    from .documents import build_document, is_searchable

    validated = q.validate_match_request(request, now=now)
    wanted = [str(sid) for sid in service_ids]
    pages = {str(p.hsds_id): p for p in ServicePage.objects.filter(hsds_id__in=wanted).live()}
    out = {}
    for sid in wanted:
        page = pages.get(sid)
        if page is None or not is_searchable(page):
            out[sid] = ["unavailable"]
            continue
        out[sid] = q.failed_filters(build_document(page, translations={}), validated)
    return out


@dataclass
class SearchResults:
    total: int
    results: list[dict]
    facets: dict[str, list[tuple[str, str, int]]]
    backend: str
    page: int
    pages: int
    per_page: int
    notice: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # e.g. an unknown ZIP: shown, then ignored

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _codes(values) -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [v for v in dict.fromkeys(values or ()) if isinstance(v, str) and v]


def search(
    text: str = "",
    *,
    needs=(),
    languages=(),
    populations=(),
    open_now: bool = False,
    intake_24_7: bool = False,
    postal_code: str | None = None,
    radius_miles: float | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    now: datetime | None = None,
) -> SearchResults:
    """Public keyword search with facets over published, active services. Lenient: an unknown ZIP is
    reported in `errors` and ignored rather than raised, unknown codes simply match nothing."""
    errors = {}
    origin = None
    if postal_code:
        try:
            origin = q.geocode_origin(postal_code)
        except UnknownPostalCode:
            errors["postal_code"] = _("This is not a US ZIP code we know.")
    radius = None
    if origin is not None and radius_miles not in (None, ""):
        try:
            radius = float(radius_miles)
        except (TypeError, ValueError):
            radius = None
        if radius is not None and (not math.isfinite(radius) or radius <= 0):
            radius = None
    if sort not in SORTS:
        sort = "relevance"
    per_page = max(1, min(int(per_page or 20), MAX_PER_PAGE))
    page = max(1, int(page or 1))
    request = q.SearchRequest(
        text=(text or "")[:200],
        needs=_codes(needs),
        languages=_codes(languages),
        populations=_codes(populations),
        open_now=bool(open_now),
        intake_24_7=bool(intake_24_7),
        origin=origin,
        radius_miles=radius,
        sort=sort,
        page=page,
        per_page=per_page,
        minute=q.minute_for(now),
    )
    backend, raw, notice = _run("search", request)
    pages = max(1, math.ceil(raw.total / per_page))
    if page > pages:  # past the end (an old link): show the last page instead of an empty one
        request.page = page = pages
        backend, raw, notice = _run("search", request)
    return SearchResults(
        total=raw.total,
        results=[_result(doc, request) for doc in raw.docs],
        facets=_facets(raw.facets),
        backend=backend,
        page=page,
        pages=pages,
        per_page=per_page,
        notice=notice,
        errors=errors,
    )


def _result(doc: dict, request: q.SearchRequest) -> dict:
    # The visitor's language where the service has a translation in it (one entry, its words).
    words = doc.get("translations", {}).get(active_content_language(), {})
    return {
        "service_id": doc["service_id"],
        "page_id": doc["page_id"],
        "title": words.get("title") or doc["title"],
        "organization_id": doc["organization_id"],
        "organization_name": words.get("organization_name") or doc["organization_name"],
        "summary": words.get("summary") or doc["summary"],
        "url": reverse("wagtail_serve", args=[doc["path"]]),
        "distance_miles": q.round_miles(q.nearest_miles(doc, request.origin, public=True)),
        "open_now": q.is_open_at(doc, request.minute),
        "intake_24_7": doc["intake_24_7"],
        "accepting_referrals": doc["accepting_referrals"],
        "needs": [q.label(doc["need_labels"], c) for c in doc["needs"]],
        "languages": [q.label(doc["language_labels"], c) for c in doc["languages"]],
        "populations": [q.label(doc["population_labels"], c) for c in doc["populations"]],
        "cities": sorted({loc["city"] for loc in doc["locations"] if loc["city"]}),
        "minimum_age": doc["minimum_age"],
        "maximum_age": doc["maximum_age"],
    }


def _facets(counts: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    from directory.models import Language, Need, Population
    from directory.models.vocabularies import term_label, term_labels

    facets = {}
    for name, model in (("needs", Need), ("languages", Language), ("populations", Population)):
        found = counts.get(name, {})
        terms = term_labels(model).items() if found else ()
        facets[name] = [(code, term_label(names), found[code]) for code, names in terms if found.get(code)]
    facets["open_now"] = [("open_now", _("Open now"), counts.get("open_now", {}).get("open_now", 0))]
    facets["intake_24_7"] = [("intake_24_7", _("24/7 intake"), counts.get("intake_24_7", {}).get("intake_24_7", 0))]
    return facets


def service_hsds_ids_for_text(text: str) -> list[str]:
    """HSDS ids of published, active services matching `text` (for the HSDS API's `search` parameter),
    best match first."""
    if not (text or "").strip():
        return []
    request = q.SearchRequest(text=text[:200], per_page=ID_PAGE_SIZE, minute=q.minute_for(None))
    ids = []
    while True:
        _backend, raw, _notice = _run("search", request)
        ids += [doc["service_id"] for doc in raw.docs]
        if not raw.docs or len(ids) >= raw.total or request.page * ID_PAGE_SIZE >= MAX_IDS:
            return ids
        request.page += 1


def suggest(prefix: str, size: int = 8) -> list[str]:
    """Service and organization names starting with `prefix`, for type-ahead."""
    _backend, names, _notice = _run("suggest", (prefix or "")[:60], size)
    return names
