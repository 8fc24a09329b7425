"""Creating referrals and moving each recipient through its statuses, enforced here and only here.

    sent → viewed → accepted | declined | info_requested;  info_requested → accepted | declined;
    accepted → completed;  sent | viewed | info_requested | accepted → withdrawn (by the advocate);
    sent | viewed → expired (by the system, after the deadline).

A placement of an operation (`mode` "first_accept", issue 16) goes to many services at once: its first
acceptance withdraws every other open part with reason "filled" in the same transaction, and any later accept
is refused with code "filled". Every change of such a referral first locks the referral row, so concurrent
accepts of different parts queue behind one another and exactly one wins.

Each change runs in a transaction that locks the recipient row (select_for_update) and then updates it only if
its status is still the one read (so two concurrent answers leave exactly one winner on any database), records
an event with who and when, and writes any notice to the outbox in the same transaction.
"""

import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Need, ServicePage

from . import audit, notifications, privacy
from .errors import ReferralError
from .models import (
    DeclineReason,
    Notification,
    Outcome,
    Recipient,
    RecipientEvent,
    RecipientStatus,
    Referral,
    ReferralMode,
    ReferralStatus,
    Role,
)

S = RecipientStatus
PROVIDER_MOVES = {
    S.SENT: {S.VIEWED, S.ACCEPTED, S.DECLINED, S.INFO_REQUESTED},
    S.VIEWED: {S.ACCEPTED, S.DECLINED, S.INFO_REQUESTED},
    S.INFO_REQUESTED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.COMPLETED},
}
WITHDRAWABLE = {S.SENT, S.VIEWED, S.INFO_REQUESTED, S.ACCEPTED}
EXPIRABLE = {S.SENT, S.VIEWED}
ANSWERS = {S.ACCEPTED, S.DECLINED, S.INFO_REQUESTED}
FINAL = {S.DECLINED, S.COMPLETED, S.WITHDRAWN, S.EXPIRED}
NOTICE_FOR = {
    S.ACCEPTED: Notification.Kind.ACCEPTED,
    S.DECLINED: Notification.Kind.DECLINED,
    S.INFO_REQUESTED: Notification.Kind.INFO_REQUESTED,
    S.EXPIRED: Notification.Kind.EXPIRED,
}

# Unambiguous letters and digits (no 0/O, 1/I/L): codes get read aloud over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# A change the rules do not allow: the domain's one error (no HTTP status in it; the API adapter maps codes).
TransitionError = ReferralError


def new_client_code() -> str:
    """A random code for the client, derived from nothing about them."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not Referral.objects.filter(client_code=code).exists():
            return code


def response_deadline(sent_at, urgent: bool):
    if urgent:
        return sent_at + timedelta(hours=settings.REFERRAL_URGENT_RESPONSE_HOURS)
    return sent_at + timedelta(days=settings.REFERRAL_RESPONSE_DAYS)


def referable_services():
    """Services a referral may go to: published, active and accepting referrals."""
    return ServicePage.objects.referable()


@transaction.atomic
def create_referral(
    advocate,
    organization,
    *,
    needs,
    service_ids,
    age=None,
    gender="",
    languages=(),
    trafficking_type="",
    postal_code="",
    urgent=False,
    note="",
    now=None,
    operation=None,
    mode=ReferralMode.DIRECT,
    idempotency_key="",
) -> Referral:
    """Store a referral with one recipient per service and queue one notice per receiving service.

    `needs` are Need codes and `service_ids` HSDS service ids, both already validated by the caller's form.
    """
    now = now or timezone.now()
    services = list(referable_services().filter(hsds_id__in=list(service_ids)))
    if not services or len(services) != len(set(map(str, service_ids))):
        raise TransitionError(
            "invalid",
            _("Some services cannot receive referrals."),
            fields={"recipients": _("Choose services that are active and accepting referrals.")},
        )
    referral = Referral.objects.create(
        client_code=new_client_code(),
        age=age,
        gender=gender or "",
        languages=list(languages),
        trafficking_type=trafficking_type or "",
        postal_code=postal_code or "",
        urgent=bool(urgent),
        note=note or "",
        advocate=advocate,
        organization=organization,
        created_at=now,
        operation=operation,
        mode=mode,
        idempotency_key=idempotency_key or "",
    )
    referral.needs.set(Need.objects.filter(code__in=list(needs)))
    add_recipients(referral, services, advocate, now=now)
    return referral


def add_recipients(referral: Referral, services, actor_user, *, now=None, widen_round: int = 0) -> list[Recipient]:
    """Send `referral` to more services (ServicePages): one recipient, one event and one notice each.
    `actor_user` is the advocate who sent it, or None when the system widens a placement."""
    now = now or timezone.now()
    added = []
    for service in services:
        recipient = Recipient.objects.create(
            referral=referral,
            service=service,
            organization_id=service.organization.pk,
            sent_at=now,
            respond_by=response_deadline(now, referral.urgent),
            updated_at=now,
            widen_round=widen_round,
        )
        RecipientEvent.objects.create(
            recipient=recipient,
            to_status=S.SENT,
            actor=actor_user,
            actor_role=Role.ADVOCATE if actor_user is not None else "system",
            at=now,
        )
        notifications.notify_new_referral(recipient)
        added.append(recipient)
    return added


def allowed_moves(recipient: Recipient, role: str) -> set[str]:
    if role == Role.PROVIDER:
        return set(PROVIDER_MOVES.get(recipient.status, set()))
    if role == Role.ADVOCATE and recipient.status in WITHDRAWABLE:
        return {S.WITHDRAWN}
    return set()


def transition(recipient_id, to: str, actor, *, reason: str = "", outcome: str = "", now=None) -> Recipient:
    """Move one recipient to `to` on behalf of `actor` (an access.Actor, or None for the system).

    SQLite refuses a second writer with "database is locked" instead of queueing it: retry a few times, after
    which the loser reads the winner's status and gets a clear TransitionError.
    """
    for attempt in range(6):
        try:
            return _transition(recipient_id, to, actor, reason=reason, outcome=outcome, now=now)
        except OperationalError:
            if attempt == 5:
                raise TransitionError("busy", _("The referral is being changed by someone else; try again.")) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def _transition(recipient_id, to, actor, *, reason, outcome, now):
    now = now or timezone.now()
    first_accept = (
        Referral.objects.filter(recipients__pk=recipient_id, mode=ReferralMode.FIRST_ACCEPT)
        .values_list("pk", flat=True)
        .first()
    )
    if first_accept is not None:
        # The referral row first, then the part: every change of a placement queues here (see the docstring).
        Referral.objects.select_for_update().filter(pk=first_accept).values_list("pk", flat=True).get()
    recipient = Recipient.objects.select_for_update().select_related("referral").get(pk=recipient_id)
    current = recipient.status
    role = actor.role if actor is not None else "system"
    if to not in S.values:
        raise TransitionError("invalid", _("Unknown status."), fields={"to": _("Unknown status.")})
    if first_accept is not None and to == S.ACCEPTED and _filled(recipient):
        raise TransitionError("filled", _("Another service has already accepted this placement."))
    if actor is not None:
        if to == S.EXPIRED:
            raise TransitionError("forbidden", _("Only the system marks a referral expired."))
        if to == S.WITHDRAWN and role != Role.ADVOCATE:
            raise TransitionError("forbidden", _("Only the referring advocate can withdraw."))
        if to != S.WITHDRAWN and role != Role.PROVIDER:
            raise TransitionError("forbidden", _("Only the receiving organization can answer a referral."))
    if actor is None:
        allowed = {S.EXPIRED} if current in EXPIRABLE else set()
    else:
        allowed = allowed_moves(recipient, role)
    if to not in allowed:
        raise TransitionError(
            "illegal_transition",
            _("A referral that is %(current)s cannot become %(to)s.")
            % {"current": S(current).label, "to": S(to).label},
        )
    fields = {"status": to, "updated_at": now}
    if to == S.DECLINED:
        if reason not in DeclineReason.values:
            raise TransitionError(
                "invalid",
                _("Say why the referral is declined."),
                fields={"reason": _("Choose one of: %s") % ", ".join(DeclineReason.values)},
            )
        fields["decline_reason"] = reason
    if to == S.COMPLETED:
        if outcome not in Outcome.values:
            raise TransitionError(
                "invalid",
                _("Say whether the client engaged."),
                fields={"outcome": _("Choose one of: %s") % ", ".join(Outcome.values)},
            )
        fields["outcome"] = outcome
    if to in ANSWERS and recipient.first_response_at is None:
        fields["first_response_at"] = now
    events = []
    if current == S.SENT and to in ANSWERS:
        # Answering implies having opened it; the timeline shows both.
        events.append((S.SENT, S.VIEWED, ""))
        current_for_event = S.VIEWED
    else:
        current_for_event = current
    withdraw_reason = reason[:20] if to == S.WITHDRAWN else ""  # a code from the screen (forms.WITHDRAW_REASONS)
    if to == S.WITHDRAWN:
        fields["withdraw_reason"] = withdraw_reason
    events.append(
        (current_for_event, to, fields.get("decline_reason", "") or fields.get("outcome", "") or withdraw_reason)
    )
    _status_read(recipient)
    # Compare-and-set: if someone else changed the status since we read it, nothing is updated.
    if not Recipient.objects.filter(pk=recipient.pk, status=current).update(**fields):
        raise TransitionError("conflict", _("The referral was changed by someone else; reload it."))
    for from_status, to_status, event_reason in events:
        RecipientEvent.objects.create(
            recipient=recipient,
            from_status=from_status,
            to_status=to_status,
            actor=getattr(actor, "user", None),
            actor_role=role,
            reason=event_reason,
            at=now,
        )
    recipient.refresh_from_db()
    if to in NOTICE_FOR:
        notifications.notify_advocate(recipient, NOTICE_FOR[to])
    if first_accept is not None and to == S.ACCEPTED:
        _withdraw_others_filled(recipient, now)
    _update_referral_status(recipient.referral, now)
    _end_releases_when_part_over(recipient, to, actor, now)
    return recipient


FILLED = "filled"


def _filled(recipient: Recipient) -> bool:
    """A first-accept placement is filled once any part was accepted (or this part was withdrawn as filled)."""
    if recipient.withdraw_reason == FILLED:
        return True
    return (
        Recipient.objects.filter(referral_id=recipient.referral_id, status__in=[S.ACCEPTED, S.COMPLETED])
        .exclude(pk=recipient.pk)
        .exists()
    )


def _withdraw_others_filled(accepted: Recipient, now) -> None:
    """The first acceptance of a placement: every other open part becomes withdrawn with reason "filled", with
    an event by the system, a content-free notice to that organization, and its releases ended."""
    others = list(
        Recipient.objects.select_for_update()
        .select_related("referral", "organization")
        .filter(referral_id=accepted.referral_id, status__in=WITHDRAWABLE)
        .exclude(pk=accepted.pk)
    )
    for other in others:
        Recipient.objects.filter(pk=other.pk).update(status=S.WITHDRAWN, withdraw_reason=FILLED, updated_at=now)
        RecipientEvent.objects.create(
            recipient=other, from_status=other.status, to_status=S.WITHDRAWN, actor_role="system", reason=FILLED, at=now
        )
        notifications.notify_filled(other)
        _end_releases_when_part_over(other, S.WITHDRAWN, None, now)


def _end_releases_when_part_over(recipient: Recipient, to, actor, now):
    """Minimum necessary: once an organization's part ends without help (declined, withdrawn, expired), its
    releases on this referral end too, each with its reason, recorded in the audit trail."""
    if to not in privacy.PART_OVER or not privacy.part_over(recipient.referral, recipient.organization_id):
        return
    reason = privacy.END_FOR_STATUS[to]
    for _release_id in privacy.end_releases(recipient.referral, recipient.organization_id, reason, now):
        audit.record(None, actor, "release.end", [recipient.referral_id], recipient.pk, reason, "system")


def _status_read(recipient: Recipient) -> None:
    """Nothing: the moment between reading a recipient's status and the compare-and-set update.

    A test seam, so a test can change the status right here and show that the update then refuses
    (the row lock makes this window unreachable for other writers on PostgreSQL, but not for every database).
    """


def _update_referral_status(referral: Referral, now):
    """A referral is closed once no recipient is still in play."""
    open_ = referral.recipients.exclude(status__in=FINAL).exists()
    status = ReferralStatus.OPEN if open_ else ReferralStatus.CLOSED
    if status != referral.status:
        Referral.objects.filter(pk=referral.pk).update(status=status, closed_at=None if open_ else now)


def mark_viewed(recipient: Recipient, actor, now=None) -> bool:
    """The first open by a provider of the receiving organization marks the recipient viewed."""
    if actor is None or not actor.is_provider or recipient.status != S.SENT:
        return False
    try:
        transition(recipient.pk, S.VIEWED, actor, now=now)
    except TransitionError:
        return False  # someone else got there first
    return True


def expire_overdue(now=None) -> int:
    """Mark every unanswered recipient past its deadline expired and tell the advocate. Returns how many."""
    now = now or timezone.now()
    due = Recipient.objects.filter(status__in=EXPIRABLE, respond_by__lte=now).values_list("pk", flat=True)
    count = 0
    for recipient_id in list(due):
        try:
            transition(recipient_id, S.EXPIRED, None, now=now)
            count += 1
        except TransitionError:
            continue  # answered meanwhile
    return count
