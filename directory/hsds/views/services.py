"""/services, /services/{id}, /service_at_locations and /service_at_locations/{id}."""

import math

from django.http import HttpResponse, JsonResponse

from directory.http import HSDS_TYPED_PARAMETERS, carries_typed_input
from directory.models import ServicePage

from .. import cache as hsds_cache
from .. import serialize
from ..exporter import published_organizations
from .common import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    api_view,
    as_uuid,
    bool_query,
    int_query,
    not_found,
    paginate,
    response_format,
)
from .filters import filtered_service_queryset, filtered_services, near_filter, organizations_for

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


def paginate_services(request, services, render, *, related=True) -> HttpResponse:
    """paginate() for a queryset of services: count and slice in the database, then build only one page.

    `related`: the rendering reads needs, languages, locations... (full objects), so prefetch them."""
    if not related:
        services = services.only(*_LIST_FIELDS)
    prefetch = (lambda qs: qs.with_listing_data()) if related else (lambda qs: qs)
    fmt = response_format(request)
    if fmt == "ndjson":
        chosen = list(prefetch(services))
        organizations = organizations_for(chosen, light=not related)
        items = [(s, organizations[s.parent_path]) for s in chosen if s.parent_path in organizations]
        return paginate(request, items, lambda pair: render(*pair))
    page = int_query(request, "page", 1)
    per_page = min(int_query(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = services.count()
    total_pages = max(1, math.ceil(total / per_page))
    chosen = list(prefetch(services[(page - 1) * per_page : page * per_page])) if total else []
    organizations = organizations_for(chosen, light=not related)
    # An organization unpublished between the two reads takes its services with it (no KeyError, no 500).
    chosen = [s for s in chosen if s.parent_path in organizations]
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


@api_view
def services(request):
    minimal, full = bool_query(request, "minimal"), bool_query(request, "full")
    if minimal:
        render = serialize.service_minimal
    elif full:
        render = serialize.service_full
    else:
        render = serialize.service_list_item

    def build():
        services = filtered_service_queryset(request)
        return paginate_services(request, services, render, related=full)

    if carries_typed_input(request.GET, HSDS_TYPED_PARAMETERS):
        # Never kept: what someone typed (api_view sends it no-store), and `search=` reads the index, which
        # follows a publish a moment later.
        return build()
    # Kept in the cache until the next publish (directory/hsds/cache.py): partners poll the same pages.
    return hsds_cache.cached_response(request, build)


@api_view
def service_detail(request, service_id):
    found = _published_service_fast(service_id)
    if found is None:
        return not_found("service")
    return JsonResponse(serialize.service_full(*found))


def _published_service_fast(service_id):
    hsds_id = as_uuid(service_id)
    if not hsds_id:
        return None
    service = ServicePage.objects.published().filter(hsds_id=hsds_id).first()
    if service is None:
        return None
    org = service.organization
    if not org.live or not published_organizations().filter(pk=org.pk).exists():
        return None
    return service, org


def _service_locations(request):
    """(service, location, organization) for every published service at each of its locations."""
    near = near_filter(request)
    triples = []
    for service, org in filtered_services(request):
        for loc in sorted(service.locations.all(), key=lambda x: str(x.hsds_id)):
            if near is None or near(loc):
                triples.append((service, loc, org))
    return triples


@api_view
def service_at_locations(request):
    full = bool_query(request, "full")
    triples = _service_locations(request)
    if full:
        return paginate(request, triples, lambda t: serialize.service_at_location_full(*t))
    return paginate(request, triples, lambda t: serialize.service_at_location(*t))


@api_view
def service_at_location_detail(request, sal_id):
    """The id is derived (serialize.child_id of the service's and the location's ids), so it is found among the
    published (service, location) id pairs, read as plain values in one query; only the one match is then built."""
    wanted = as_uuid(sal_id)
    if wanted:
        links = ServicePage.locations.through.objects.filter(servicepage__in=ServicePage.objects.published())
        pairs = links.values_list("servicepage_id", "servicepage__hsds_id", "location_id", "location__hsds_id")
        for service_pk, service_hsds_id, location_pk, location_hsds_id in pairs.iterator():
            if serialize.child_id(service_hsds_id, f"location:{location_hsds_id}") == wanted:
                return _service_at_location(service_pk, location_pk)
    return not_found("service at location")


def _service_at_location(service_pk: int, location_pk: int):
    service = ServicePage.objects.published().with_listing_data().filter(pk=service_pk).first()
    organization = service and published_organizations().filter(pk=service.organization.pk).first()
    location = service and next((loc for loc in service.locations.all() if loc.pk == location_pk), None)
    if not (service and organization and location):
        return not_found("service at location")
    return JsonResponse(serialize.service_at_location_full(service, location, organization))
