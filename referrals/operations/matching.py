"""Which services a placement goes to, holds as live capacity, readiness, and widening.

A placement is matched with the coalition's one matching engine (search.service.match, CONTRACT section 2):
only services accepting referrals appear. The radius is the request's `radius_miles` when given, else the
operation's; it is measured from the client's ZIP or, without one, from each of the operation's ZIP codes (a
service near any of them fits). Services with free held places for the operation come first, each group in
the engine's order.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directory.models import Need, ServicePage
from search import service as search_service

from .. import lifecycle, notifications
from ..models import Recipient, RecipientStatus, Referral, ReferralMode, ReferralStatus
from .models import Hold, Operation, OperationAlert

log = logging.getLogger(__name__)
S = RecipientStatus
ENGINE_LIMIT = 100
WAITING = {S.SENT, S.VIEWED, S.INFO_REQUESTED}
TAKEN = {S.ACCEPTED, S.COMPLETED}


def _ranked_ids(operation: Operation, request: dict) -> list[str]:
    """HSDS ids of matching services, best first, with the operation's radius rules applied."""
    base = {k: v for k, v in request.items() if k not in ("postal_code", "radius_miles")}
    base["limit"] = ENGINE_LIMIT
    radius = request.get("radius_miles") or operation.radius_miles
    origins = [request["postal_code"]] if request.get("postal_code") else list(operation.postal_codes)
    if not origins:
        return [r["service_id"] for r in search_service.match(base)["results"]]
    best: dict[str, tuple[int, int]] = {}
    for order, origin in enumerate(origins):
        try:
            results = search_service.match({**base, "postal_code": origin, "radius_miles": radius})["results"]
        except search_service.InvalidRequest:
            continue  # an operation ZIP the geocoder does not know: the others still count
        for position, result in enumerate(results):
            key = (position, order)
            if result["service_id"] not in best or key < best[result["service_id"]]:
                best[result["service_id"]] = key
    return sorted(best, key=lambda sid: best[sid])


def held_free(operation: Operation, need_codes=None, now=None) -> dict[int, int]:
    """Service pk → places still free in the holds in force now for the operation (for these needs, if given):
    held places minus placements of the operation that service accepted."""
    now = now or timezone.now()
    holds = Hold.objects.filter(operation=operation, released_at=None).select_related("need")
    if need_codes:
        holds = holds.filter(need__code__in=list(need_codes))
    held: dict[int, int] = defaultdict(int)
    for hold in holds.select_related("operation"):
        if hold.in_force(now):
            held[hold.service_id] += hold.places
    if not held:
        return {}
    used: dict[int, int] = defaultdict(int)
    for service_id in Recipient.objects.filter(
        referral__operation=operation, status__in=TAKEN, service_id__in=list(held)
    ).values_list("service_id", flat=True):
        used[service_id] += 1
    return {sid: places - used[sid] for sid, places in held.items() if places - used[sid] > 0}


def candidates(operation: Operation, request: dict, *, exclude=(), now=None) -> list[ServicePage]:
    """The services a placement with this matching request may go to, in sending order, minus `exclude`
    (service pks already sent)."""
    ranked = [sid for sid in _ranked_ids(operation, request)]
    pages = {str(p.hsds_id): p for p in ServicePage.objects.referable().filter(hsds_id__in=ranked)}
    services = [pages[sid] for sid in ranked if sid in pages and pages[sid].pk not in set(exclude)]
    free = held_free(operation, request.get("needs"), now=now)
    return sorted(services, key=lambda s: 0 if free.get(s.pk) else 1)  # stable: the engine's order within


def readiness(operation: Operation, now=None) -> dict[str, dict]:
    """Per need code: {"label", "held", "used", "free"} over holds not released and not yet over."""
    now = now or timezone.now()
    held: dict[tuple[int, str], int] = defaultdict(int)
    for hold in Hold.objects.filter(operation=operation, released_at=None).select_related("need", "operation"):
        if hold.window[1] > now:
            held[(hold.service_id, hold.need.code)] += hold.places
    accepted = defaultdict(list)  # service pk → need codes of each placement it accepted
    for recipient in (
        Recipient.objects.filter(referral__operation=operation, status__in=TAKEN)
        .select_related("referral")
        .prefetch_related("referral__needs")
    ):
        accepted[recipient.service_id].append({n.code for n in recipient.referral.needs.all()})
    labels = {n.code: n.label for n in Need.objects.filter(code__in={code for _s, code in held})}
    out: dict[str, dict] = {}
    for (service_id, code), places in sorted(held.items(), key=lambda item: item[0][1]):
        used = min(places, sum(1 for needs in accepted[service_id] if code in needs))
        row = out.setdefault(code, {"label": labels.get(code, code), "held": 0, "used": 0, "free": 0})
        row["held"] += places
        row["used"] += used
        row["free"] += places - used
    return out


# --- Widening --------------------------------------------------------------------------------------------


def _request_for(placement: Referral) -> dict:
    request = {"needs": sorted(n.code for n in placement.needs.all()), "urgent": placement.urgent}
    for key in ("age", "gender", "trafficking_type", "postal_code"):
        value = getattr(placement, key)
        if value not in (None, ""):
            request[key] = value
    if placement.languages:
        request["languages"] = list(placement.languages)
    return request


def due_for_widening(now=None):
    """Open first-accept placements of active operations with no answer since they were sent or widened for
    longer than their operation's widen_after_minutes."""
    now = now or timezone.now()
    active = Operation.objects.active(now)
    placements = Referral.objects.filter(
        operation__in=active, mode=ReferralMode.FIRST_ACCEPT, status=ReferralStatus.OPEN
    ).select_related("operation")
    due = []
    for placement in placements:
        since = placement.widened_at or placement.created_at
        if since > now - timedelta(minutes=placement.operation.widen_after_minutes):
            continue
        parts = placement.recipients.all()
        if parts.filter(Q(status__in=TAKEN) | Q(first_response_at__isnull=False, status=S.INFO_REQUESTED)).exists():
            continue  # taken, or a provider is talking with the advocate: not unanswered
        due.append(placement)
    return due


def widen_unanswered(now=None) -> int:
    now = now or timezone.now()
    widened = 0
    for placement in due_for_widening(now):
        try:
            if _widen(placement, now):
                widened += 1
        except Exception as error:  # noqa: BLE001 — one placement failing must not stop the others
            log.warning("Widening a placement failed: %s", type(error).__name__)
    return widened


def _board_link(operation: Operation) -> str:
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("referrals:operations:board", args=[operation.pk])
    return settings.SITE_BASE_URL + path


def _alert(placement: Referral, kind: str, now) -> None:
    operation = placement.operation
    OperationAlert.objects.create(operation=operation, placement=placement, kind=kind, created_at=now)
    if operation.coordinator is not None and operation.coordinator.email:
        notifications.notify_coordinator(operation, [operation.coordinator.email], _board_link(operation))


@transaction.atomic
def _widen(placement: Referral, now) -> bool:
    """Send one placement to its next services (up to the operation's max_recipients more) and alert the
    coordinator. Returns whether it went anywhere new. Locked, and re-checked under the lock."""
    placement = Referral.objects.select_for_update().get(pk=placement.pk)
    if placement.status != ReferralStatus.OPEN or placement.recipients.filter(status__in=TAKEN).exists():
        return False
    operation = placement.operation
    sent = set(placement.recipients.values_list("service_id", flat=True))
    try:
        nxt = candidates(operation, _request_for(placement), exclude=sent, now=now)[: operation.max_recipients]
    except search_service.InvalidRequest:
        nxt = []
    rounds = placement.widen_rounds + 1
    Referral.objects.filter(pk=placement.pk).update(widened_at=now, widen_rounds=rounds)
    if not nxt:
        if not OperationAlert.objects.filter(placement=placement, kind=OperationAlert.Kind.NO_MORE_SERVICES).exists():
            _alert(placement, OperationAlert.Kind.NO_MORE_SERVICES, now)
        return False
    lifecycle.add_recipients(placement, nxt, None, now=now, widen_round=rounds)
    _alert(placement, OperationAlert.Kind.WIDENED, now)
    return True
