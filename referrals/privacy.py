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
from .models import PiiItem, Referral, ReferralStatus, Release, SignedBy

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


def _when(value, field, fields):
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        fields[field] = _("Give a date and time (ISO 8601).")
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def create_release(referral: Referral, user, data: dict, now=None) -> Release:
    """Record a release the client signed. Names one receiving organization of this referral."""
    now = now or timezone.now()
    fields = {}
    organizations = {str(r.organization.hsds_id): r.organization for r in referral.recipients.all()}
    organization = organizations.get(str(data.get("organization_id", "")))
    if organization is None:
        fields["organization_id"] = _("Name an organization this referral was sent to.")
    items = data.get("items")
    if not isinstance(items, list) or not items or not set(items) <= set(PiiItem.values):
        fields["items"] = _("Choose one or more of: %s") % ", ".join(PiiItem.values)
    purpose = data.get("purpose")
    if not isinstance(purpose, str) or not purpose.strip() or len(purpose) > 200:
        fields["purpose"] = _("Say what the details may be used for (at most 200 characters).")
    signed_by = data.get("signed_by")
    if signed_by not in SignedBy.values:
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
    if expires_at and (expires_at <= now or (signed_at and expires_at <= signed_at)):
        fields["expires_at"] = _("The expiry must be later than now and than the signature.")
    if fields:
        raise Refused("invalid", _("The release is not valid."), fields=fields)
    return Release.objects.create(
        referral=referral,
        organization=organization,
        items=sorted(set(items)),
        purpose=purpose.strip(),
        signed_by=signed_by,
        signed_at=min(signed_at, now),
        expires_at=expires_at,
        created_by=user,
        created_at=now,
    )


def revoke_release(release: Release, user, now=None) -> Release:
    if release.revoked_at is None:
        Release.objects.filter(pk=release.pk, revoked_at=None).update(revoked_at=now or timezone.now(), revoked_by=user)
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
        "signed_by": release.signed_by,
        "signed_at": release.signed_at.isoformat(),
        "expires_at": release.expires_at.isoformat(),
        "revoked_at": release.revoked_at.isoformat() if release.revoked_at else None,
        "in_force": release.is_in_force(now),
    }


def purge_closed(now: datetime | None = None) -> list:
    """Crypto-shred the PII and erase the note of referrals closed more than RETENTION days ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    due = Referral.objects.filter(status=ReferralStatus.CLOSED, closed_at__lte=cutoff, purged_at=None)
    purged = []
    for referral in due:
        with transaction.atomic():
            crypto.shred(referral, now)
            Referral.objects.filter(pk=referral.pk).update(note="", purged_at=now)
        purged.append(referral.pk)
    return purged
