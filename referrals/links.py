"""The signed link in a provider's notice: it opens one recipient part after sign-in and second factor.

The token is django.core.signing over the part's opaque id only (no client facts), with its own salt so no
other signed value of the site can stand in for it, and an age limit (REFERRAL_ANSWER_LINK_DAYS). It grants
nothing by itself: the page it leads to still needs a signed-in, verified member of the receiving organization.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from directory.http import parse_uuid

SALT = "referrals.answer-link"


def answer_token(recipient) -> str:
    return signing.dumps(str(recipient.pk), salt=SALT)


def max_age() -> timedelta:
    return timedelta(days=settings.REFERRAL_ANSWER_LINK_DAYS)


def recipient_id_from(token: str):
    """The part's id the token was made for, or None when it is forged, from another purpose or too old."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return parse_uuid(value) if isinstance(value, str) else None
