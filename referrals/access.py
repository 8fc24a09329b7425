"""Who the caller is, and which referrals and recipients they may see. Checked per object on every request."""

import hashlib
import secrets
from dataclasses import dataclass

from django.db.models import Case, Value, When
from django.utils import timezone

from .models import ApiToken, Membership, Recipient, RecipientStatus, Referral, Role

TOKEN_PREFIX = "rt_"


@dataclass(frozen=True)
class Actor:
    """A signed-in member: the user, their role and their organization (None for coalition admins)."""

    user: object
    role: str
    organization_id: int | None

    @property
    def is_advocate(self):
        return self.role == Role.ADVOCATE

    @property
    def is_provider(self):
        return self.role == Role.PROVIDER

    @property
    def is_admin(self):
        return self.role == Role.COALITION_ADMIN


def actor_for(user) -> Actor | None:
    """The member behind a signed-in user, or None when the user holds no membership."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return None
    return Actor(user=user, role=membership.role, organization_id=membership.organization_id)


# --- Tokens ----------------------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user) -> str:
    """Make a new token for a member and return it; only its hash is stored."""
    membership = Membership.objects.get(user=user)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(token), prefix=token[:10], role=membership.role)
    return token


def user_for_token(token: str):
    """The user a live token belongs to, or None (unknown, revoked, user inactive, or role changed)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    api_token = ApiToken.objects.select_related("user").filter(key_hash=_hash(token), revoked_at=None).first()
    if api_token is None or not api_token.user.is_active:
        return None
    if not Membership.objects.filter(user=api_token.user, role=api_token.role).exists():
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
    return api_token.user


def user_for_header(header: str):
    """The user of an `Authorization: Bearer TOKEN` header, or None for anything else (empty, another
    scheme, no token, an unknown, revoked or expired token)."""
    scheme, _sep, token = (header or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return user_for_token(token)


def revoke_tokens(user, prefix: str = "") -> int:
    tokens = ApiToken.objects.filter(user=user, revoked_at=None)
    if prefix:
        tokens = tokens.filter(prefix__startswith=prefix[:10])
    return tokens.update(revoked_at=timezone.now())


# --- Visibility ------------------------------------------------------------------------------------------


def visible_referrals(actor: Actor):
    """Referrals the actor may see: their own (advocates), addressed to their organization (providers), all
    (coalition admins)."""
    referrals = Referral.objects.all()
    if actor.is_admin:
        return referrals
    if actor.is_advocate:
        return referrals.filter(advocate=actor.user)
    if actor.is_provider:
        return referrals.filter(recipients__organization_id=actor.organization_id).distinct()
    return referrals.none()


def visible_recipients(actor: Actor, referral: Referral):
    """The recipients of a referral the actor may see: a provider sees only its own organization's."""
    recipients = referral.recipients.select_related("service", "organization")
    if actor.is_provider:
        return recipients.filter(organization_id=actor.organization_id)
    return recipients


def inbox(actor: Actor):
    """A provider's recipients: unopened ones first, urgent before the rest, then newest first."""
    unopened = Case(When(status=RecipientStatus.SENT, then=Value(1)), default=Value(0))
    return (
        Recipient.objects.filter(organization_id=actor.organization_id)
        .select_related("referral", "service")
        .annotate(unopened=unopened)
        .order_by("-unopened", "-referral__urgent", "-sent_at")
    )


def can_see_recipient(actor: Actor, recipient: Recipient) -> bool:
    if actor.is_admin:
        return True
    if actor.is_provider:
        return recipient.organization_id == actor.organization_id
    return actor.is_advocate and recipient.referral.advocate_id == actor.user.pk
