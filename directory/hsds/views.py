"""The public, read-only HSDS 3.0 API (settings.HSDS_DIR/schema/openapi.json) under /api/hsds/.

Only published content of published organizations appears. Every response carries an ETag (a repeat
request with If-None-Match gets 304) and may be cached for a minute; CORS is open for these URLs only.
"""

import json
import math
from datetime import datetime, time

from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import decorator_from_middleware
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from directory import taxonomy as vocab
from directory.geocode import UnknownPostalCode, distance_miles, geocode_zip
from directory.hooks import service_hsds_ids_for_text
from directory.http import BadInput, bool_param, error_response, int_param, parse_uuid
from directory.models import Location, ServicePage

from . import cache as full_cache
from . import serialize
from . import taxonomies as tx
from .exporter import published_organizations, published_services

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
METERS_PER_MILE = 1609.344

conditional = decorator_from_middleware(ConditionalGetMiddleware)


class BadRequest(BadInput):
    """A query parameter the API cannot use: 400 in the one error envelope (directory.http)."""

    def __init__(self, field: str, message: str):
        super().__init__("invalid", message, {field: message})


def api_view(view):
    """GET and HEAD only (405 otherwise), JSON errors, an ETag and a short public cache lifetime."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadInput as error:
            return error_response(error.status, error.code, error.message, error.fields)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_safe(cache_control(public=True, max_age=60)(conditional(wrapped)))


def not_found(kind: str) -> JsonResponse:
    return error_response(404, "not_found", f"No published {kind} has this id.")


# --- Query parameters -------------------------------------------------------------------------------


def _int(request, name: str, default: int, minimum: int = 1) -> int:
    return int_param(request.GET, name, default, minimum=minimum)


def _bool(request, name: str) -> bool:
    return bool_param(request.GET, name)


def _modified_after(request) -> datetime | None:
    raw = (request.GET.get("modified_after") or "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace("Z", "+00:00")) or None
        if moment is None and (day := parse_date(raw)):
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest("modified_after", "'modified_after' must be an ISO 8601 date or date-time.")
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


def _format(request) -> str:
    fmt = (request.GET.get("format") or "json").strip().lower()
    if fmt not in ("json", "ndjson"):
        raise BadRequest("format", "'format' must be json or ndjson.")
    return fmt


def paginate(request, items: list, render) -> HttpResponse:
    """The OpenAPI document's paging envelope around `render(item)` for one page of `items`."""
    fmt = _format(request)
    if fmt == "ndjson":  # the whole result, one object per line, without paging
        lines = "".join(json.dumps(render(item)) + "\n" for item in items)
        return HttpResponse(lines, content_type="application/x-ndjson")
    page = _int(request, "page", 1)
    per_page = min(_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = len(items)
    total_pages = max(1, math.ceil(total / per_page))
    chosen = items[(page - 1) * per_page : page * per_page]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(chosen),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not chosen,
            "contents": [render(item) for item in chosen],
        }
    )


# --- Filters ------------------------------------------------------------------------------------------


def _as_uuid(value: str) -> str | None:
    parsed = parse_uuid(value)
    return str(parsed) if parsed else None


def _term_filter(request) -> tuple[str, set[str]] | None:
    """(taxonomy name, codes) the services must carry one of, from taxonomy_term_id or taxonomy_id."""
    term = request.GET.get("taxonomy_term_id")
    if term not in (None, ""):
        found = tx.term_by_id().get(_as_uuid(term) or "")
        return (found[0], {found[1]}) if found else ("", set())
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy not in (None, ""):
        for t in tx.taxonomies().values():
            if t.id == _as_uuid(taxonomy):
                return t.name, {code for code, _n in t.terms}
        return "", set()
    return None


def _near(request):
    """A filter on locations from postcode (and proximity in meters from its centre), or None."""
    postcode = (request.GET.get("postcode") or "").strip()
    proximity = (request.GET.get("proximity") or "").strip()
    if not postcode:
        if proximity:
            raise BadRequest("proximity", "'proximity' needs a 'postcode'.")
        return None
    if not proximity:
        return lambda loc: loc.postal_code[:5] == postcode[:5]
    try:
        meters = float(proximity)
    except ValueError:
        raise BadRequest("proximity", "'proximity' must be a distance in meters.") from None
    if not math.isfinite(meters) or meters < 0:
        raise BadRequest("proximity", "'proximity' must be a distance in meters.")
    try:
        centre = geocode_zip(postcode)
    except UnknownPostalCode:
        raise BadRequest("postcode", "'postcode' is not a US ZIP code we know.") from None
    miles = meters / METERS_PER_MILE

    def near(loc):
        lat, lon = serialize.public_coordinates(loc)
        return lat is not None and distance_miles(centre.latitude, centre.longitude, lat, lon) <= miles

    return near


def _parent_path():
    """A service's organization is its parent page: the path without its last step."""
    return Substr("path", 1, Length("path") - ServicePage.steplen)


def filtered_service_queryset(request, *, org=None, organizations=None):
    """Published services of published organizations that pass the request's filters, as one queryset.

    Every filter runs in the database (or, for `search`, the search backend), so a page of 50 never builds
    every service. `organizations`: {path: organization} of the published ones (read once per request).
    """
    organizations = organizations if organizations is not None else _published_organizations_by_path()
    services = (
        ServicePage.objects.live()
        .public()
        .annotate(parent_path=_parent_path())
        .filter(parent_path__in=list(organizations))
    )
    text = (request.GET.get("search") or "").strip()
    if text:
        services = services.filter(hsds_id__in=service_hsds_ids_for_text(text))
    organization_id = request.GET.get("organization_id")
    if organization_id not in (None, ""):
        org_uuid = _as_uuid(organization_id)
        paths = [path for path, o in organizations.items() if str(o.hsds_id) == org_uuid]
        services = services.filter(parent_path__in=paths)
    if org is not None:
        services = services.filter(parent_path=org.path)
    terms = _term_filter(request)
    if terms is not None:
        services = services.filter(_term_condition(services, *terms))
    since = _modified_after(request)
    if since is not None:
        services = services.filter(last_published_at__gte=since)
    near = _near(request)
    if near is not None:
        services = services.filter(locations__in=[loc.pk for loc in Location.objects.all() if near(loc)]).distinct()
    return services.order_by("path")


def _term_condition(services, taxonomy_name: str, codes: set[str]) -> Q:
    if taxonomy_name == vocab.INTAKE_TAXONOMY:
        if tx.ACCEPTING_REFERRALS in codes:
            return Q()  # every service carries accepting-referrals (true or false)
        return Q(intake_24_7=True) if tx.INTAKE_24_7 in codes else Q(pk__in=[])
    if taxonomy_name == vocab.NEED_TAXONOMY:
        return Q(pk__in=ServicePage.needs.through.objects.filter(need__code__in=codes).values("servicepage_id"))
    if taxonomy_name == vocab.POPULATION_TAXONOMY:
        return Q(
            pk__in=ServicePage.populations.through.objects.filter(population__code__in=codes).values("servicepage_id")
        )
    field = {vocab.GENDER_TAXONOMY: "genders", vocab.TRAFFICKING_TAXONOMY: "trafficking_types"}.get(taxonomy_name)
    if field is None:
        return Q(pk__in=[])
    # A list of at most three codes per service: read the two columns, no page objects.
    return Q(pk__in=[pk for pk, carried in services.values_list("pk", field) if set(carried or []) & codes])


# The one-to-one fields the list and minimal forms read (serialize.service_basic).
_LIST_FIELDS = (
    "path",
    "depth",
    "title",
    "hsds_id",
    "description",
    "summary",
    "status",
    "website",
    "email",
    "interpretation_services",
    "how_to_get_help",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "last_published_at",
    "live",
    "content_type_id",
)


def _published_organizations_by_path() -> dict:
    return {o.path: o for o in published_organizations()}


def filtered_services(request, *, org=None):
    """Published (service, organization) pairs that pass the request's filters."""
    organizations = _published_organizations_by_path()
    services = filtered_service_queryset(request, org=org, organizations=organizations).with_listing_data()
    return [(s, organizations[s.parent_path]) for s in services]


def paginate_services(request, services, organizations, render, *, related=True) -> HttpResponse:
    """paginate() for a queryset of services: count and slice in the database, then build only one page.

    `related`: the rendering reads needs, languages, locations... (full objects), so prefetch them."""
    if not related:
        services = services.only(*_LIST_FIELDS)
    prefetch = (lambda qs: qs.with_listing_data()) if related else (lambda qs: qs)
    fmt = _format(request)
    if fmt == "ndjson":
        items = [(s, organizations[s.parent_path]) for s in prefetch(services)]
        return paginate(request, items, lambda pair: render(*pair))
    page = _int(request, "page", 1)
    per_page = min(_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = services.count()
    total_pages = max(1, math.ceil(total / per_page))
    chosen = list(prefetch(services[(page - 1) * per_page : page * per_page])) if total else []
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(chosen),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not chosen,
            "contents": [render(s, organizations[s.parent_path]) for s in chosen],
        }
    )


# --- Endpoints --------------------------------------------------------------------------------------


@api_view
def api_root(request):
    return JsonResponse(
        {
            "version": serialize.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("hsds:profile")),
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def profile(request):
    """The coalition profile: which taxonomies carry which facts (CONTRACT.md section 1)."""
    return JsonResponse(
        {
            "name": "Anti-trafficking coalition profile of HSDS 3.0",
            "description": "Coalition facts travel as service attributes whose taxonomy_term names one of these "
            "taxonomies and a code from its list.",
            "taxonomies": [t.as_hsds() | {"codes": [c for c, _n in t.terms]} for t in tx.taxonomies().values()],
        }
    )


@api_view
def openapi(request):
    from .schemas import openapi_document

    return JsonResponse(openapi_document())


@api_view
def services(request):
    minimal, full = _bool(request, "minimal"), _bool(request, "full")
    if minimal:
        render = serialize.service_minimal
    elif full:
        render = serialize.service_full
    else:
        render = serialize.service_list_item

    def build():
        organizations = _published_organizations_by_path()
        services = filtered_service_queryset(request, organizations=organizations)
        return paginate_services(request, services, organizations, render, related=full)

    if full:
        # Full objects are the expensive ones: kept in the cache until the next publish (directory/hsds/cache.py).
        return full_cache.cached_response(request, build)
    return build()


@api_view
def service_detail(request, service_id):
    found = _published_service_fast(service_id)
    if found is None:
        return not_found("service")
    return JsonResponse(serialize.service_full(*found))


def _published_service_fast(service_id):
    hsds_id = _as_uuid(service_id)
    if not hsds_id:
        return None
    service = ServicePage.objects.published().filter(hsds_id=hsds_id).first()
    if service is None:
        return None
    org = service.organization
    if not org.live or not published_organizations().filter(pk=org.pk).exists():
        return None
    return service, org


@api_view
def organizations(request):
    full, full_service = _bool(request, "full"), _bool(request, "full_service")
    orgs = list(published_organizations())
    text = (request.GET.get("search") or "").strip()
    if text:
        wanted = set(service_hsds_ids_for_text(text))
        with_match = {o.pk for s, o in published_services(orgs) if str(s.hsds_id) in wanted}
        lowered = text.lower()
        orgs = [o for o in orgs if o.pk in with_match or lowered in o.title.lower()]
    if not (full or full_service):
        return paginate(request, orgs, serialize.organization_basic)
    services_of = {}
    for service, org in published_services(orgs):
        services_of.setdefault(org.pk, []).append(service)
    return paginate(
        request,
        orgs,
        lambda org: serialize.organization_full(org, services_of.get(org.pk, []), full_service=full_service),
    )


@api_view
def organization_detail(request, organization_id):
    full_service = _bool(request, "full_service")
    hsds_id = _as_uuid(organization_id)
    org = published_organizations().filter(hsds_id=hsds_id).first() if hsds_id else None
    if org is None:
        return not_found("organization")
    org_services = [s for s, _o in published_services([org])]
    return JsonResponse(serialize.organization_full(org, org_services, full_service=full_service))


def _service_locations(request):
    """(service, location, organization) for every published service at each of its locations."""
    near = _near(request)
    triples = []
    for service, org in filtered_services(request):
        for loc in sorted(service.locations.all(), key=lambda x: str(x.hsds_id)):
            if near is None or near(loc):
                triples.append((service, loc, org))
    return triples


@api_view
def service_at_locations(request):
    full = _bool(request, "full")
    triples = _service_locations(request)
    if full:
        return paginate(request, triples, lambda t: serialize.service_at_location_full(*t))
    return paginate(request, triples, lambda t: serialize.service_at_location(*t))


@api_view
def service_at_location_detail(request, sal_id):
    wanted = _as_uuid(sal_id)
    if wanted:
        for service, org in published_services():
            for loc in service.locations.all():
                if serialize.child_id(service.hsds_id, f"location:{loc.hsds_id}") == wanted:
                    return JsonResponse(serialize.service_at_location_full(service, loc, org))
    return not_found("service at location")


def _search_terms(request, items, fields):
    text = (request.GET.get("search") or "").strip().lower()
    if not text:
        return items
    return [item for item in items if any(text in str(item.get(f, "")).lower() for f in fields)]


@api_view
def taxonomies(request):
    items = [t.as_hsds() for t in tx.taxonomies().values()]
    return paginate(request, _search_terms(request, items, ("name", "description")), lambda t: t)


@api_view
def taxonomy_detail(request, taxonomy_id):
    for t in tx.taxonomies().values():
        if t.id == _as_uuid(taxonomy_id):
            return JsonResponse(t.as_hsds())
    return not_found("taxonomy")


@api_view
def taxonomy_terms(request):
    items = _search_terms(request, tx.all_terms(), ("code", "name", "description"))
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy not in (None, ""):
        items = [t for t in items if t["taxonomy_id"] == _as_uuid(taxonomy)]
    _bool(request, "top_only")  # every term of the profile is a top-level term
    if request.GET.get("parent_id") not in (None, ""):
        items = []  # ... so none has a parent
    return paginate(request, items, lambda t: t)


@api_view
def taxonomy_term_detail(request, term_id):
    wanted = _as_uuid(term_id)
    for term in tx.all_terms():
        if term["id"] == wanted:
            return JsonResponse(term)
    return not_found("taxonomy term")
