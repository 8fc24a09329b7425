"""The audit trail of every read and write of a referral: who, in which role, what, which referral, when, from
where. Never the referral's data."""

from django.utils.translation import gettext_lazy as _

from directory.http import client_address

from .models import AuditEvent, PiiItem, RecipientStatus

# What each recorded action means, in words an auditor reads (the code stays in the data and in the filter).
ACTION_LABELS = {
    "referral.create": _("Sent a referral"),
    "referral.list": _("Listed referrals"),
    "referral.read": _("Opened a referral"),
    "referral.purge": _("Destroyed client details (retention)"),
    "recipient.transition": _("Changed a part's status"),
    "recipient.transition_refused": _("Tried a status change that was refused"),
    "recipient.override": _("Sent to a service that no longer fit"),
    "pii.read": _("Read client details"),
    "pii.write": _("Saved client details"),
    "release.create": _("Recorded a release"),
    "release.revoke": _("Revoked a release"),
    "release.end": _("A release ended with its part"),
    "message.post": _("Wrote a message"),
    "message.read": _("Read a conversation"),
    "service.availability": _("Updated places free while accepting"),
    "operation.create": _("Created an operation"),
    "operation.close": _("Closed an operation"),
    "operation.board": _("Opened an operation's board"),
    "operation.report": _("Opened an operation's report"),
    "operation.draft_news": _("Drafted news from an operation's report"),
    "operation.hold": _("Held places for an operation"),
    "operation.hold_release": _("Released held places"),
    "placement.create": _("Filed a placement"),
    "placement.replay": _("Sent a placement again (no change)"),
    "placement.juvenile_read": _("Opened a placement's juvenile checklist"),
    "placement.juvenile_step": _("Recorded a juvenile checklist step"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def detail_label(action: str, detail: str) -> str:
    """The event's detail in words where it is a status or a list of client-detail items; as stored otherwise."""
    if action.startswith("recipient.transition") and detail in RecipientStatus.values:
        return str(RecipientStatus(detail).label)
    if action.startswith("pii.") and detail:
        labels = dict(PiiItem.choices)
        return ", ".join(str(labels.get(item, item)) for item in detail.split(","))
    return detail


def client_ip(request) -> str | None:
    # The client behind any trusted proxy (TRUSTED_PROXIES): X-Forwarded-For from anyone else is ignored, so a
    # caller cannot write any address it likes into the log.
    return (client_address(request) or None) if request is not None else None


def record(
    request,
    actor,
    action: str,
    referral_ids=(),
    recipient_id=None,
    detail: str = "",
    channel: str = "",
    ip: str | None = None,
):
    """Append one event per referral touched (or one with no referral, for a list that showed none).
    `ip` stands in for `request` when the caller is not an HTTP request (the application layer)."""
    user = getattr(actor, "user", None)
    base = dict(
        user=user,
        username=getattr(user, "username", "") or "",
        role=getattr(actor, "role", "") or "",
        action=action,
        recipient_id=recipient_id,
        detail=detail[:40],
        ip=ip or client_ip(request),
        channel=channel,
    )
    ids = list(referral_ids)
    AuditEvent.objects.bulk_create([AuditEvent(referral_id=rid, **base) for rid in ids] or [AuditEvent(**base)])
