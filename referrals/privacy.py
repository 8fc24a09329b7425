"""Optional client PII under releases (consent), and the purge of closed referrals.

A receiving organization sees a PII item only while a release naming that organization and that item is in
force (signed, not expired, not revoked): checked on every request, so revocation and expiry act at once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import crypto
from .errors import ReferralError as Refused
from .models import (
    PiiItem,
    RecipientMessage,
    RecipientStatus,
    Referral,
    ReferralStatus,
    Release,
    ReleaseEnd,
    ReleaseMethod,
    SignedBy,
)

MAX_FIELD_LENGTH = 500


def clean_pii(data: dict) -> dict:
    fields = {}
    unknown = sorted(set(data) - set(PiiItem.values))
    if unknown:
        fields["pii"] = _("Unknown items: %s") % ", ".join(unknown)
    for key, value in data.items():
        too_long = not isinstance(value, str) or len(value) > MAX_FIELD_LENGTH
        if key in PiiItem.values and value is not None and too_long:
            fields[key] = _("Must be text of at most %d characters.") % MAX_FIELD_LENGTH
    if fields:
        raise Refused("invalid", _("The client details are not valid."), fields=fields)
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


@transaction.atomic
def save_pii(referral: Referral, data: dict) -> dict:
    if referral.purged_at:
        raise Refused("purged", _("This referral's client details were destroyed."))
    try:
        return crypto.store_pii(referral, clean_pii(data))
    except crypto.PiiUnavailable as problem:
        raise Refused("pii_unavailable", str(problem)) from None


# A part is over once the organization declined it, the advocate withdrew it or it expired unanswered. A
# completed part is not over: the organization keeps what the client released until the retention purge.
PART_OVER = {RecipientStatus.DECLINED, RecipientStatus.WITHDRAWN, RecipientStatus.EXPIRED}
END_FOR_STATUS = {
    RecipientStatus.DECLINED: ReleaseEnd.PART_DECLINED,
    RecipientStatus.WITHDRAWN: ReleaseEnd.PART_WITHDRAWN,
    RecipientStatus.EXPIRED: ReleaseEnd.PART_EXPIRED,
}
# A release is recorded soon after the client signs it: a signature older than this is refused.
SIGNED_WITHIN_DAYS = 30


def part_over(referral: Referral, organization_id) -> bool:
    """Whether every part of the referral sent to this organization has ended without help."""
    statuses = set(referral.recipients.filter(organization_id=organization_id).values_list("status", flat=True))
    return bool(statuses) and statuses <= PART_OVER


def _when(value, field, fields):
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, such as 30 February
        moment = None
    if moment is None:
        fields[field] = _("Give a date and time (ISO 8601).")
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def create_release(referral: Referral, user, data: dict, now=None) -> Release:
    """Record a release the client signed. Names one receiving organization of this referral whose part is
    still going on; signed within the last SIGNED_WITHIN_DAYS days and expiring within
    REFERRAL_RELEASE_MAX_DAYS of the signature."""
    now = now or timezone.now()
    fields = {}
    organizations = {str(r.organization.hsds_id): r.organization for r in referral.recipients.all()}
    organization_id = data.get("organization_id")
    organization = organizations.get(organization_id) if isinstance(organization_id, str) else None
    if organization is None:
        fields["organization_id"] = _("Name an organization this referral was sent to.")
    elif part_over(referral, organization.pk):
        raise Refused(
            "part_over",
            _("The release is not valid."),
            {"organization_id": _("This organization's part of the referral has ended.")},
        )
    items = data.get("items")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(item, str) and item in PiiItem.values for item in items)
    ):
        fields["items"] = _("Choose one or more of: %s") % ", ".join(PiiItem.values)
    purpose = data.get("purpose")
    if not isinstance(purpose, str) or not purpose.strip() or len(purpose) > 200:
        fields["purpose"] = _("Say what the details may be used for (at most 200 characters).")
    method = data.get("method")
    if not isinstance(method, str) or method not in ReleaseMethod.values:
        fields["method"] = _("Say how the client gave consent: %s") % ", ".join(ReleaseMethod.values)
    signed_by = data.get("signed_by")
    if not isinstance(signed_by, str) or signed_by not in SignedBy.values:
        fields["signed_by"] = _("Choose one of: %s") % ", ".join(SignedBy.values)
    elif (
        signed_by == SignedBy.CLIENT
        and referral.age is not None
        and referral.age < 18
        and settings.REFERRAL_MINOR_RELEASE_NEEDS_GUARDIAN
    ):
        fields["signed_by"] = _("For a minor, a non-abusive parent or guardian signs too.")
    signed_at = _when(data.get("signed_at"), "signed_at", fields)
    expires_at = _when(data.get("expires_at"), "expires_at", fields)
    if signed_at and signed_at > now + timedelta(minutes=5):
        fields["signed_at"] = _("A release cannot be signed in the future.")
    elif signed_at and signed_at < now - timedelta(days=SIGNED_WITHIN_DAYS):
        fields["signed_at"] = _("A release signed more than %d days ago cannot be recorded now.") % SIGNED_WITHIN_DAYS
    if expires_at and (expires_at <= now or (signed_at and expires_at <= signed_at)):
        fields["expires_at"] = _("The expiry must be later than now and than the signature.")
    elif expires_at and signed_at and expires_at > signed_at + timedelta(days=settings.REFERRAL_RELEASE_MAX_DAYS):
        fields["expires_at"] = (
            _("A release expires at most %d days after it is signed.") % settings.REFERRAL_RELEASE_MAX_DAYS
        )
    if fields:
        raise Refused("invalid", _("The release is not valid."), fields=fields)
    return Release.objects.create(
        referral=referral,
        organization=organization,
        items=sorted(set(items)),
        purpose=purpose.strip(),
        method=method,
        signed_by=signed_by,
        signed_at=min(signed_at, now),
        expires_at=expires_at,
        created_by=user,
        created_at=now,
    )


def end_releases(referral: Referral, organization_id, reason: str, now=None) -> list:
    """End the organization's releases still in force on this referral, recording why. Returns their ids."""
    now = now or timezone.now()
    live = referral.releases.filter(organization_id=organization_id, revoked_at=None, expires_at__gt=now)
    ended = list(live.values_list("pk", flat=True))
    if ended:
        Release.objects.filter(pk__in=ended).update(revoked_at=now, end_reason=reason)
    return ended


def revoke_release(release: Release, user, now=None) -> Release:
    if release.revoked_at is None:
        Release.objects.filter(pk=release.pk, revoked_at=None).update(
            revoked_at=now or timezone.now(), revoked_by=user, end_reason=ReleaseEnd.REVOKED
        )
        release.refresh_from_db()
    return release


def visible_pii(referral: Referral, actor, now=None) -> dict | None:
    """What PII this caller may see now: all of it for the referring advocate; for a receiving organization the
    items of its releases in force; nothing for anyone else. None when there is nothing to show."""
    now = now or timezone.now()
    if actor.is_advocate and referral.advocate_id == actor.user.pk:
        allowed = set(PiiItem.values)
    elif actor.is_provider:
        allowed = set()
        if part_over(referral, actor.organization_id):
            return None  # minimum necessary: a part that ended without help shows no details
        for release in referral.releases.filter(
            organization_id=actor.organization_id, revoked_at=None, expires_at__gt=now, signed_at__lte=now
        ):
            allowed |= set(release.items)
    else:
        return None
    if not allowed or referral.purged_at:
        return None
    try:
        pii = crypto.read_pii(referral)
    except crypto.PiiUnavailable:
        return None
    shown = {k: v for k, v in pii.items() if k in allowed}
    return shown or None


def visible_releases(referral: Referral, actor):
    releases = referral.releases.select_related("organization")
    if actor.is_provider:
        return releases.filter(organization_id=actor.organization_id)
    return releases


def release_json(release: Release, now=None) -> dict:
    return {
        "id": str(release.pk),
        "organization_id": str(release.organization.hsds_id),
        "items": release.items,
        "purpose": release.purpose,
        "method": release.method or None,
        "signed_by": release.signed_by,
        "signed_at": release.signed_at.isoformat(),
        "expires_at": release.expires_at.isoformat(),
        "revoked_at": release.revoked_at.isoformat() if release.revoked_at else None,
        "end_reason": release.end_reason or None,
        "in_force": release.is_in_force(now),
    }


def purge_closed(now: datetime | None = None) -> list:
    """Crypto-shred the PII and the conversation, and erase the note and the releases' purposes of referrals
    closed more than RETENTION days ago (free text may hold what should never have been written there)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    due = Referral.objects.filter(status=ReferralStatus.CLOSED, closed_at__lte=cutoff, purged_at=None)
    purged = []
    for referral in due:
        with transaction.atomic():
            crypto.shred(referral, now)
            Referral.objects.filter(pk=referral.pk).update(note="", purged_at=now)
            Release.objects.filter(referral=referral).update(purpose="")
            # The conversation went with the key; its ciphertext goes too.
            RecipientMessage.objects.filter(recipient__referral=referral).update(ciphertext="")
        purged.append(referral.pk)
    return purged
