"""The audit trail of every read and write of a referral: who, in which role, what, which referral, when, from
where. Never the referral's data."""

from directory.http import client_address

from .models import AuditEvent


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
