"""Who must prove a second factor, and how long a signed-in session lasts: the sign-in policy for everyone who
can see referral data. It depends on memberships, so it lives here; the site layer's middleware and sign-in
views call it, and the referral API applies it to its own session callers (never relying on the middleware).
"""

import time

from django.conf import settings
from django_otp import user_has_device

from .models import Membership

# Session keys holding when the sign-in started and when the session was last used (seconds since the epoch).
LOGIN_AT = "accounts_login_at"
LAST_SEEN = "accounts_last_seen"


def sees_referrals(user) -> bool:
    """Anyone who can see referral data: coalition members of any role, and staff (who run the admin)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or Membership.objects.filter(user_id=user.pk).exists()


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def must_verify(user) -> bool:
    """True while a signed-in user still owes a second factor for this session.

    With REQUIRE_MFA on, everyone who can see referrals owes one. Whoever has enrolled a device owes it
    whatever the setting says: an enrolled factor that could be skipped would protect nothing.
    """
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return False
    if has_confirmed_device(user):
        return True
    return bool(settings.REQUIRE_MFA) and sees_referrals(user)


def stamp_login(session, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now


def session_expired(session, now: float | None = None) -> bool:
    """True when the session sat idle longer than SESSION_IDLE_TIMEOUT or has lived past
    SESSION_ABSOLUTE_TIMEOUT (seconds)."""
    now = time.time() if now is None else now
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN, login_at)
    if login_at is None:
        # A session from before these stamps existed: start counting now (SESSION_COOKIE_AGE still caps it).
        stamp_login(session, now)
        return False
    return (now - last_seen > settings.SESSION_IDLE_TIMEOUT) or (now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT)


def session_refusal(request) -> str | None:
    """Why a session caller may not use referral data now: "session_expired", "second_factor_required", or
    None when the session is good."""
    session = getattr(request, "session", None)
    if session is not None and session_expired(session):
        return "session_expired"
    if must_verify(request.user):
        return "second_factor_required"
    return None
