"""The application layer for operations (issue 16), in the style of referrals.actions.

Each action takes a `Caller`, checks the caller may do it to that object, does it, records one audit event and
raises `ReferralError` (code, message, fields) when refused. Screens and the JSON API are thin adapters.

Who may do what:
- coalition admins create, edit and close operations, and read every board and report;
- the coordinator (an advocate or a coalition admin) reads the board and the report of their operation;
- any advocate member files placements during an active operation (404 for an unknown operation, 400 outside
  its window); on-call advocates are the ones alerted and shown on the board;
- providers of participating organizations see planned and active operations on standby and hold places.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from directory.models import Need, OrganizationPage, ServicePage

from .. import lifecycle
from ..actions import Caller, _require_role
from ..errors import ReferralError
from ..forms import ReferralFactsForm, error_fields
from ..models import Membership, Referral, ReferralMode, Role
from . import matching, reporting
from .models import Hold, JuvenileCheck, JuvenileStep, Operation, OperationStatus

MAX_RECIPIENTS = 25
STORED_FACTS = ("age", "gender", "languages", "trafficking_type", "postal_code", "urgent", "note")
PLACEMENT_FACTS = ("needs", "radius_miles", *STORED_FACTS)
TEXT_FACTS = ("gender", "trafficking_type", "postal_code", "note")


def _no_operation():
    return ReferralError("not_found", _("No such operation."))


def _pk(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- Seeing operations -----------------------------------------------------------------------------------


def visible_operations(caller: Caller):
    """Operations the caller may see: all (coalition admins and advocates, who may file in any), those of the
    caller's organization (providers), none for anyone else."""
    actor = caller.actor
    if actor.is_admin or actor.is_advocate:
        return Operation.objects.all()
    if actor.is_provider:
        return Operation.objects.filter(organizations__pk=actor.organization_id).distinct()
    return Operation.objects.none()


def get_operation(caller: Caller, operation_id) -> Operation:
    pk = _pk(operation_id)
    operation = pk and visible_operations(caller).filter(pk=pk).first()
    if not operation:
        raise _no_operation()
    return operation


def can_coordinate(actor, operation: Operation) -> bool:
    """The board and the report: coalition admins and the operation's coordinator."""
    return actor.is_admin or (operation.coordinator_id is not None and operation.coordinator_id == actor.user.pk)


def coordinated_operation(caller: Caller, operation_id) -> Operation:
    """The operation, when the caller may read its board and report; 404 otherwise (existence is not told)."""
    operation = get_operation(caller, operation_id)
    if not can_coordinate(caller.actor, operation):
        raise _no_operation()
    return operation


def standby(caller: Caller):
    """A provider's planned and active operations (its organization takes part), soonest first."""
    _require_role(caller, Role.PROVIDER)
    return visible_operations(caller).open().order_by("starts_at", "pk")


# --- Creating and closing -------------------------------------------------------------------------------


def _parse_moment(value, name, fields):
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        fields[name] = _("Give a date and time (ISO 8601).")
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _postal_codes(value, fields) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) == 5 and v.isdigit() for v in value):
        fields["postal_codes"] = _("Give a list of five-digit ZIP codes.")
        return []
    return list(dict.fromkeys(value))


def _organizations(value, fields, name="organization_ids") -> list[OrganizationPage]:
    from directory.http import parse_uuids

    if value in (None, ""):
        return []
    ids = parse_uuids(value) if isinstance(value, list) else None
    found = list(OrganizationPage.objects.filter(hsds_id__in=ids or [])) if ids else []
    if ids is None or len(found) != len(set(ids)):
        fields[name] = _("Give a list of HSDS ids of member organizations.")
    return found


def _user(value, fields, name, roles) -> object | None:
    if value in (None, ""):
        return None
    membership = (
        Membership.objects.select_related("user").filter(user__username=value, role__in=roles).first()
        if isinstance(value, str)
        else None
    )
    if membership is None:
        fields[name] = _("Give the user name of a member with a suitable role.")
        return None
    return membership.user


def _positive(value, name, fields, default, maximum):
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0 or value > maximum:
        fields[name] = _("Give a number above zero, at most %(max)s.") % {"max": maximum}
        return default
    return value


@transaction.atomic
def create_operation(caller: Caller, data: dict) -> Operation:
    """Create an operation from the API's body: name, starts_at, ends_at (ISO 8601), postal_codes, and optional
    organization_ids and lead_agency_id (HSDS ids), coordinator and on_call (user names), radius_miles,
    widen_after_minutes, max_recipients."""
    _require_role(caller, Role.COALITION_ADMIN, message=_("Only coalition admins create operations."))
    if not isinstance(data, dict):
        raise ReferralError("invalid_json", _("The body must be a JSON object."))
    fields: dict[str, str] = {}
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        fields["name"] = _("Give a name of at most 120 characters.")
    starts_at = _parse_moment(data.get("starts_at"), "starts_at", fields)
    ends_at = _parse_moment(data.get("ends_at"), "ends_at", fields)
    if starts_at and ends_at and ends_at <= starts_at:
        fields["ends_at"] = _("The end must come after the start.")
    postal_codes = _postal_codes(data.get("postal_codes"), fields)
    organizations = _organizations(data.get("organization_ids"), fields)
    lead = _organizations([data["lead_agency_id"]], fields, "lead_agency_id") if data.get("lead_agency_id") else []
    coordinator = _user(data.get("coordinator"), fields, "coordinator", [Role.ADVOCATE, Role.COALITION_ADMIN])
    on_call = []
    if data.get("on_call") not in (None, ""):
        if not isinstance(data["on_call"], list):
            fields["on_call"] = _("Give a list of advocates' user names.")
        else:
            on_call = [_user(u, fields, "on_call", [Role.ADVOCATE]) for u in data["on_call"]]
    radius = _positive(data.get("radius_miles"), "radius_miles", fields, 25, 500)
    widen = _positive(data.get("widen_after_minutes"), "widen_after_minutes", fields, 10, 24 * 60)
    max_recipients = _positive(data.get("max_recipients"), "max_recipients", fields, 8, MAX_RECIPIENTS)
    for key in ("widen_after_minutes", "max_recipients"):
        if key in data and not isinstance(data[key], int | type(None)):
            fields[key] = _("Give a whole number.")
    if fields:
        raise ReferralError("invalid", _("The operation is not valid."), fields)
    operation = Operation.objects.create(
        name=name.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        postal_codes=postal_codes,
        lead_agency=lead[0] if lead else None,
        coordinator=coordinator,
        radius_miles=float(radius),
        widen_after_minutes=int(widen),
        max_recipients=int(max_recipients),
        created_by=caller.actor.user,
    )
    operation.organizations.set(organizations + lead)
    operation.on_call.set([u for u in on_call if u is not None])
    caller.record("operation.create", detail=f"operation:{operation.pk}")
    return operation


def close_operation(caller: Caller, operation_id) -> Operation:
    """Close an operation by hand, now. Closing twice is refused."""
    _require_role(caller, Role.COALITION_ADMIN, message=_("Only coalition admins close operations."))
    operation = get_operation(caller, operation_id)
    if operation.status == OperationStatus.CLOSED:
        raise ReferralError("invalid", _("The operation is already closed."))
    now = timezone.now()
    Operation.objects.filter(pk=operation.pk).update(closed_at=now, closed_by=caller.actor.user)
    operation.refresh_from_db()
    caller.record("operation.close", detail=f"operation:{operation.pk}")
    return operation


# --- Standby: holds --------------------------------------------------------------------------------------


def hold_places(caller: Caller, operation_id, service_id, need, places, *, starts_at=None, ends_at=None) -> Hold:
    """A provider holds `places` of its own service for one need (code) for the operation's window (or a part
    of it). Only before the operation ends, and only for a participating organization."""
    from directory.http import parse_uuid

    _require_role(caller, Role.PROVIDER, message=_("Only providers hold places."))
    operation = get_operation(caller, operation_id)
    if operation.status == OperationStatus.CLOSED:
        raise ReferralError("invalid", _("The operation is closed."))
    fields = {}
    sid = parse_uuid(service_id)
    service = sid and ServicePage.objects.filter(hsds_id=sid).live().first()
    if not service or service.organization.pk != caller.actor.organization_id:
        fields["service_id"] = _("Choose one of your organization's services.")
    need_row = Need.objects.filter(code=need).first() if isinstance(need, str) else None
    if need_row is None or (service and not service.needs.filter(pk=need_row.pk).exists()):
        fields["need"] = _("Choose a need the service provides.")
    if isinstance(places, str) and places.isdigit():
        places = int(places)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 < places <= 500:
        fields["places"] = _("Give a whole number of places from 1 to 500.")
    window = []
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value in (None, ""):
            window.append(None)
            continue
        moment = value if hasattr(value, "tzinfo") else _parse_moment(value, name, fields)
        if moment is not None and not operation.starts_at <= moment <= operation.ends_at:
            fields[name] = _("Stay within the operation's window.")
        window.append(moment)
    start, end = window[0] or operation.starts_at, window[1] or operation.ends_at
    if not fields and end <= start:
        fields["ends_at"] = _("The end must come after the start.")
    if fields:
        raise ReferralError("invalid", _("The hold is not valid."), fields)
    hold = Hold.objects.create(
        operation=operation,
        service=service,
        need=need_row,
        places=places,
        starts_at=window[0],
        ends_at=window[1],
        held_by=caller.actor.user,
    )
    caller.record("operation.hold", detail=f"hold:{hold.pk}")
    return hold


def release_hold(caller: Caller, hold_id) -> Hold:
    """A provider of the holding organization (or a coalition admin) releases a hold."""
    _require_role(caller, Role.PROVIDER, Role.COALITION_ADMIN)
    pk = _pk(hold_id)
    holds = Hold.objects.select_related("operation", "service").filter(pk=pk, released_at=None) if pk else None
    hold = holds.first() if holds is not None else None
    if hold is None or (caller.actor.is_provider and hold.service.organization.pk != caller.actor.organization_id):
        raise ReferralError("not_found", _("No such hold."))
    Hold.objects.filter(pk=hold.pk).update(released_at=timezone.now(), released_by=caller.actor.user)
    hold.refresh_from_db()
    caller.record("operation.hold_release", detail=f"hold:{hold.pk}")
    return hold


def readiness(operation: Operation, now=None) -> dict[str, dict]:
    """Per need code: places held (holds not released whose window has not ended), used (accepted placements
    at the holding services) and free, with the need's label. Sorted by need."""
    return matching.readiness(operation, now=now)


# --- Placements ------------------------------------------------------------------------------------------


def _idempotency_key(value) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or len(value) > 80:
        raise ReferralError(
            "invalid", _("The placement is not valid."), {"idempotency_key": _("Give text of at most 80 characters.")}
        )
    return value


def _replayed(caller: Caller, operation: Operation, key: str) -> Referral | None:
    if not key:
        return None
    existing = Referral.objects.filter(advocate=caller.actor.user, idempotency_key=key).first()
    if existing is not None and existing.operation_id != operation.pk:
        problem = {"idempotency_key": _("This key was used for another placement.")}
        raise ReferralError("invalid", _("The placement is not valid."), problem)
    if existing is not None:
        existing.replayed = True
    return existing


def file_placement(caller: Caller, operation_id, facts, *, max_recipients=None, idempotency_key=None) -> Referral:
    """File a placement during an active operation: a first-accept referral sent at once to up to
    `max_recipients` (default the operation's) matching services accepting referrals, those with free held
    places first. Radius: the request's `radius_miles` when given, else the operation's, from the client's ZIP
    or (without one) from the operation's ZIP codes. A repeated `idempotency_key` returns the first placement
    (with `replayed` = True) and creates nothing."""
    _require_role(caller, Role.ADVOCATE, message=_("Only advocates file placements."))
    operation = get_operation(caller, operation_id)
    key = _idempotency_key(idempotency_key)
    existing = _replayed(caller, operation, key)
    if existing is not None:
        caller.record("placement.replay", [existing.pk])
        return existing
    if operation.status != OperationStatus.ACTIVE:
        raise ReferralError("outside_window", _("The operation is not active: placements are filed during its window."))
    if not isinstance(facts, dict):
        raise ReferralError("invalid_json", _("The body must be a JSON object."))
    facts = {k: v for k, v in facts.items() if k in PLACEMENT_FACTS and v not in (None, "")}
    wrong_type = {k: _("Must be text.") for k in TEXT_FACTS if k in facts and not isinstance(facts[k], str)}
    form = ReferralFactsForm(data={k: v for k, v in facts.items() if k not in wrong_type})
    fields = {**({} if form.is_valid() else error_fields(form)), **wrong_type}
    wrong_count = isinstance(max_recipients, bool) or not isinstance(max_recipients, int)
    if max_recipients is not None and (wrong_count or not 0 < max_recipients <= MAX_RECIPIENTS):
        fields["max_recipients"] = _("Give a whole number from 1 to %(max)s.") % {"max": MAX_RECIPIENTS}
    if fields:
        raise ReferralError("invalid", _("The placement is not valid."), fields)
    request = form.match_request()
    chosen = matching.candidates(operation, request)[: max_recipients or operation.max_recipients]
    if not chosen:
        raise ReferralError("no_match", _("No service accepting referrals fits these facts in the operation's area."))
    data = form.cleaned_data
    try:
        with transaction.atomic():
            referral = lifecycle.create_referral(
                caller.actor.user,
                OrganizationPage.objects.get(pk=caller.actor.organization_id),
                needs=data["needs"],
                service_ids=[s.hsds_id for s in chosen],
                **{k: data[k] for k in STORED_FACTS},
                operation=operation,
                mode=ReferralMode.FIRST_ACCEPT,
                idempotency_key=key,
            )
    except IntegrityError:
        existing = _replayed(caller, operation, key)  # the same key, submitted twice at once
        if existing is None:
            raise
        caller.record("placement.replay", [existing.pk])
        return existing
    referral.replayed = False
    caller.record("placement.create", [referral.pk])
    return referral


def widen_unanswered(now=None) -> int:
    """Every open placement of an active operation that no service has answered for the operation's
    `widen_after_minutes` (since it was sent or last widened) goes to the next matching services, and the
    coordinator gets an alert (a board entry and a content-free email). Returns how many placements widened.
    Run by the periodic jobs (expire_referrals, and the worker's sweep)."""
    return matching.widen_unanswered(now=now)


# --- The board, the juvenile protocol and the report -----------------------------------------------------


def board(operation: Operation, now=None) -> list[dict]:
    """One row per placement, newest first: id, client code, age band, needs, status (waiting, accepted,
    closed), minutes waiting (or to acceptance), who accepted (organization), juvenile steps done/total,
    widening rounds, on-call filer. No client facts beyond the age band and needs."""
    return reporting.board_rows(operation, now=now)


def juvenile_checklist(caller: Caller, placement_id) -> list[tuple[JuvenileStep, JuvenileCheck | None]]:
    """The configured steps and, for each, its check (who, when) or None. Only for clients under 18."""
    placement = _placement_for_protocol(caller, placement_id)
    checks = {c.step_id: c for c in placement.juvenile_checks.select_related("done_by")}
    caller.record("placement.juvenile_read", [placement.pk])
    return [(step, checks.get(step.pk)) for step in JuvenileStep.objects.filter(active=True)]


def _placement_for_protocol(caller: Caller, placement_id) -> Referral:
    from directory.http import parse_uuid

    pk = parse_uuid(placement_id)
    placement = pk and Referral.objects.select_related("operation").filter(pk=pk, operation__isnull=False).first()
    actor = caller.actor
    allowed = placement and (
        actor.is_admin
        or placement.advocate_id == actor.user.pk
        or placement.operation.coordinator_id == actor.user.pk
        or (actor.is_advocate and placement.operation.on_call.filter(pk=actor.user.pk).exists())
    )
    if not allowed:
        raise ReferralError("not_found", _("No such placement."))
    if placement.age is None or placement.age >= 18:
        raise ReferralError("invalid", _("The juvenile protocol applies to clients under 18 only."))
    return placement


def complete_juvenile_step(caller: Caller, placement_id, step_id) -> JuvenileCheck:
    """Tick one juvenile protocol step for a placement (who and when). Ticking it again changes nothing."""
    placement = _placement_for_protocol(caller, placement_id)
    step = JuvenileStep.objects.filter(pk=_pk(step_id), active=True).first() if _pk(step_id) else None
    if step is None:
        raise ReferralError("invalid", _("Unknown step."), {"step": _("Choose a step of the protocol.")})
    check, created = JuvenileCheck.objects.get_or_create(
        placement=placement, step=step, defaults={"done_by": caller.actor.user}
    )
    if created:
        caller.record("placement.juvenile_step", [placement.pk], detail=f"step:{step.pk}")
    return check


def report(operation: Operation, now=None) -> dict:
    """The anonymous after-action report (issue 16 §6), every count from 1 to 4 given as "<5"."""
    return reporting.report(operation, now=now)


def read_report(caller: Caller, operation_id) -> tuple[Operation, dict]:
    """The report for a coalition admin or the operation's coordinator (404 for anyone else), recorded."""
    operation = coordinated_operation(caller, operation_id)
    caller.record("operation.report", detail=f"operation:{operation.pk}")
    return operation, report(operation)


def read_board(caller: Caller, operation_id) -> tuple[Operation, list[dict]]:
    """The board for a coalition admin or the operation's coordinator (404 for anyone else), recorded."""
    operation = coordinated_operation(caller, operation_id)
    rows = board(operation)
    caller.record("operation.board", [r["id"] for r in rows])
    return operation, rows


__all__ = [
    "Caller",
    "board",
    "can_coordinate",
    "close_operation",
    "complete_juvenile_step",
    "coordinated_operation",
    "create_operation",
    "file_placement",
    "get_operation",
    "hold_places",
    "juvenile_checklist",
    "read_board",
    "read_report",
    "readiness",
    "release_hold",
    "report",
    "standby",
    "visible_operations",
    "widen_unanswered",
]
