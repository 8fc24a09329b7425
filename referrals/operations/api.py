"""The operations JSON API (issue 16 §7, CONTRACT §6): a thin adapter over referrals.operations.actions, with
the referral API's authentication, error envelope and status mapping (referrals.api)."""

from django.utils.translation import gettext as _

from ..api import api_view, body, error, ok, referral_json
from ..models import Role
from . import actions
from .models import Operation

ADMINS = {Role.COALITION_ADMIN}
COORDINATING_ROLES = {Role.COALITION_ADMIN, Role.ADVOCATE}  # a coordinator is an advocate or a coalition admin


def operation_json(operation: Operation) -> dict:
    return {
        "id": operation.pk,
        "name": operation.name,
        "status": operation.status,
        "starts_at": operation.starts_at.isoformat(),
        "ends_at": operation.ends_at.isoformat(),
        "closed_at": operation.closed_at.isoformat() if operation.closed_at else None,
        "postal_codes": list(operation.postal_codes),
        "organization_ids": sorted(str(o.hsds_id) for o in operation.organizations.all()),
        "lead_agency_id": str(operation.lead_agency.hsds_id) if operation.lead_agency else None,
        "coordinator": operation.coordinator.get_username() if operation.coordinator else None,
        "on_call": sorted(u.get_username() for u in operation.on_call.all()),
        "radius_miles": operation.radius_miles,
        "widen_after_minutes": operation.widen_after_minutes,
        "max_recipients": operation.max_recipients,
    }


def placement_json(placement) -> dict:
    """The referral JSON as GET /api/referrals/{id} returns it to its advocate, with operation_id and mode."""
    recipients = placement.recipients.select_related("service", "organization").prefetch_related("events")
    data = referral_json(placement, recipients, with_events=True)
    data.update(pii=None, releases=[], operation_id=placement.operation_id, mode=placement.mode)
    return data


@api_view({"POST"}, ADMINS)
def operations_view(request):
    return ok(operation_json(actions.create_operation(request.caller, body(request))), status=201)


@api_view({"POST"}, {Role.ADVOCATE})
def placements_view(request, operation_id):
    data = body(request)
    if "recipients" in data:
        fields = {"recipients": _("A placement goes to the matching services by itself: leave recipients out.")}
        return error(400, "invalid", _("The placement is not valid."), fields)
    client = data.get("client") or {}
    if not isinstance(client, dict):
        return error(400, "invalid", _("The placement is not valid."), {"client": _("Must be an object.")})
    facts = {key: client.get(key) for key in ("age", "gender", "languages", "trafficking_type", "postal_code")}
    facts.update(
        needs=data.get("needs"),
        urgent=bool(data.get("urgent")),
        note=data.get("note") or "",
        radius_miles=data.get("radius_miles", client.get("radius_miles")),
    )
    placement = actions.file_placement(
        request.caller,
        operation_id,
        facts,
        max_recipients=data.get("max_recipients"),
        idempotency_key=data.get("idempotency_key"),
    )
    response = ok(placement_json(placement), status=201)  # a replay answers as the first submission did
    if getattr(placement, "replayed", False):
        response["Idempotent-Replayed"] = "true"
    return response


@api_view({"GET"}, COORDINATING_ROLES)
def report_view(request, operation_id):
    _operation, data = actions.read_report(request.caller, operation_id)
    return ok(data)
