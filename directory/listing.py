"""Querysets behind the public listing pages, shaped so a page costs the same few queries at any size."""

from django.db.models import Count, Prefetch, Q

from .models import Language, Location, Need, Population, ServicePage, ServiceSchedule


def public_services():
    return ServicePage.objects.live().public()


def with_listing_data(services):
    """Prefetch everything a service card shows: needs, languages, populations, locations, hours."""
    return services.select_related("owner").prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("sort_order", "name")),
        Prefetch("languages", queryset=Language.objects.order_by("name")),
        Prefetch("populations", queryset=Population.objects.order_by("name")),
        Prefetch("locations", queryset=Location.objects.order_by("sort_order")),
        Prefetch("schedules", queryset=ServiceSchedule.objects.order_by("weekday", "opens_at")),
    )


def attach_organizations(services):
    """Give each service its organization (its parent page) without one query per service."""
    from .models import OrganizationPage

    services = list(services)
    parent_paths = {s.path[: -s.steplen] for s in services}
    organizations = {
        o.path: o for o in OrganizationPage.objects.filter(path__in=parent_paths)
    }
    for service in services:
        service.listing_organization = organizations.get(service.path[: -service.steplen])
    return services


def needs_with_counts():
    live = Q(services__live=True, services__status="active")
    return Need.objects.annotate(service_count=Count("services", filter=live, distinct=True)).order_by(
        "sort_order", "name"
    )


def services_for_need(need):
    services = with_listing_data(public_services().filter(needs=need).order_by("title"))
    return attach_organizations(services)
