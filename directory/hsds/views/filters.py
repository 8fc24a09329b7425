"""The services a request asks for, as one queryset: every filter of /services and /service_at_locations
runs in the database (or, for `search`, the search backend), so a page of 50 never builds every service."""

import math

from django.db.models import Q

from directory import taxonomy as vocab
from directory.geocode import UnknownPostalCode, distance_miles, geocode_zip
from directory.hooks import service_hsds_ids_for_text
from directory.models import Location, ServicePage
from directory.tree import parent_path_expression

from .. import serialize
from .. import taxonomies as tx
from ..exporter import published_organizations
from .common import METERS_PER_MILE, BadRequest, as_uuid, modified_after


def _term_filter(request) -> tuple[str, set[str]] | None:
    """(taxonomy name, codes) the services must carry one of, from taxonomy_term_id or taxonomy_id."""
    term = request.GET.get("taxonomy_term_id")
    if term not in (None, ""):
        found = tx.term_by_id().get(as_uuid(term) or "")
        return (found[0], {found[1]}) if found else ("", set())
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy not in (None, ""):
        for t in tx.taxonomies().values():
            if t.id == as_uuid(taxonomy):
                return t.name, {code for code, _n in t.terms}
        return "", set()
    return None


def near_filter(request):
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


def filtered_service_queryset(request, *, org=None):
    """Published services of published organizations that pass the request's filters, as one queryset.

    Every filter runs in the database (or, for `search`, the search backend), so a page of 50 never builds
    every service, nor reads every organization (organizations_for() reads those of the page shown).
    """
    published_paths = published_organizations().prefetch_related(None).order_by().values("path")
    services = (
        ServicePage.objects.live()
        .public()
        .annotate(parent_path=parent_path_expression())
        .filter(parent_path__in=published_paths)
    )
    text = (request.GET.get("search") or "").strip()
    if text:
        services = services.filter(hsds_id__in=service_hsds_ids_for_text(text))
    organization_id = request.GET.get("organization_id")
    if organization_id not in (None, ""):
        org_uuid = as_uuid(organization_id)
        services = services.filter(parent_path__in=published_paths.filter(hsds_id=org_uuid) if org_uuid else [])
    if org is not None:
        services = services.filter(parent_path=org.path)
    terms = _term_filter(request)
    if terms is not None:
        services = services.filter(_term_condition(services, *terms))
    since = modified_after(request)
    if since is not None:
        services = services.filter(last_published_at__gte=since)
    near = near_filter(request)
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


# What the list and minimal forms read of an organization (serialize.organization_basic).
_ORGANIZATION_LIST_FIELDS = ("path", "depth", "title", "hsds_id", "description", "summary", "email", "website")


def organizations_for(services, *, light=False) -> dict:
    """{path: organization} of these services' organizations (published: filtered_service_queryset() let
    through only their services). Responses read an organization's own fields, never its locations: no
    prefetch, one query for the page shown. `light`: only what the list form reads."""
    paths = {s.parent_path for s in services}
    if not paths:
        return {}
    organizations = published_organizations().prefetch_related(None).filter(path__in=paths)
    if light:
        organizations = organizations.only(*_ORGANIZATION_LIST_FIELDS)
    return {o.path: o for o in organizations}


def filtered_services(request, *, org=None):
    """Published (service, organization) pairs that pass the request's filters."""
    services = list(filtered_service_queryset(request, org=org).with_listing_data())
    organizations = organizations_for(services)
    return [(s, organizations[s.parent_path]) for s in services if s.parent_path in organizations]
