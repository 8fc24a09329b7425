"""/organizations and /organizations/{id}."""

from django.http import JsonResponse

from directory.hooks import service_hsds_ids_for_text

from .. import serialize
from ..exporter import published_organizations, published_services
from .common import api_view, as_uuid, bool_query, not_found, paginate


@api_view
def organizations(request):
    full, full_service = bool_query(request, "full"), bool_query(request, "full_service")
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
    full_service = bool_query(request, "full_service")
    hsds_id = as_uuid(organization_id)
    org = published_organizations().filter(hsds_id=hsds_id).first() if hsds_id else None
    if org is None:
        return not_found("organization")
    org_services = [s for s, _o in published_services([org])]
    return JsonResponse(serialize.organization_full(org, org_services, full_service=full_service))
