"""Querysets behind the public listing pages, shaped so a page costs the same few queries at any size."""

from django.db.models import Count, Prefetch, Q

from .geocode import UnknownPostalCode, distance_miles, geocode_zip
from .locales import source_language
from .models import Location, Need, ServicePage
from .taxonomy import STATUS_ACTIVE
from .tree import parent_path


def public_services():
    return ServicePage.objects.published()


def needs_with_counts():
    live = Q(services__live=True, services__status=STATUS_ACTIVE, services__locale__language_code=source_language())
    return Need.objects.annotate(service_count=Count("services", filter=live, distinct=True)).order_by(
        "sort_order", "name"
    )


def services_for_need(need):
    """Active, published services that provide `need`, with their organization attached.

    Inactive services keep their own page (which says so) but are left out of listings.
    """
    services = public_services().filter(needs=need, status=STATUS_ACTIVE).order_by("title")
    return list(services.with_listing_data())


def sorted_by_distance(services, postal_code: str):
    """The services nearest first from a ZIP's centre, each with `distance_miles` (confidential addresses
    measured from their own ZIP's centre), and whether the ZIP was unknown (then the order is untouched)."""
    try:
        origin = geocode_zip(postal_code)
    except UnknownPostalCode:
        return services, True
    for service in services:
        points = [p for p in (loc.public_coordinates() for loc in service.locations.all()) if p]
        service.distance_miles = (
            round(min(distance_miles(origin.latitude, origin.longitude, lat, lon) for lat, lon in points), 1)
            if points
            else None
        )
    far = float("inf")
    return sorted(services, key=lambda s: (far if s.distance_miles is None else s.distance_miles, s.title)), False


def organizations_for_index(organizations):
    """The directory index's list: each organization with its cities and its count of active services.

    Three queries whatever the number of organizations: the organizations, their locations, and the
    paths of every live active service (counted per parent path here rather than one query each).
    """
    organizations = list(
        organizations.prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("sort_order")))
    )
    counts: dict[str, int] = {}
    if organizations:
        depth = organizations[0].depth + 1
        service_paths = public_services().filter(status=STATUS_ACTIVE, depth=depth).values_list("path", flat=True)
        for path in service_paths:
            counts[parent_path(path)] = counts.get(parent_path(path), 0) + 1
    for org in organizations:
        org.active_service_count = counts.get(org.path, 0)
        org.cities = sorted({loc.city for loc in org.locations.all() if loc.city})
    return organizations
