"""Session lifetime: when a sign-in started, when it was last used, and ending a user's sessions."""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from referrals.policy import LAST_SEEN, LOGIN_AT, session_expired, stamp_login  # noqa: F401

# Write the last-activity stamp at most this often, so a page with many requests does not write each time.
LAST_SEEN_RESOLUTION = 60


def expired(session, now: float | None = None) -> bool:
    """True when the session sat idle too long or has lived past its absolute limit (referrals.policy)."""
    return session_expired(session, now)


def touch(session, now: float | None = None) -> None:
    now = time.time() if now is None else now
    if now - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN] = now


def end_all_sessions(user) -> int:
    """Delete every server-side session that belongs to `user`. Returns how many were deleted.

    Sessions live in the database (django.contrib.sessions' db engine), and the user id is inside the
    encoded data, so this reads the unexpired sessions. It runs when an account is deactivated, which is
    rare, and the session table holds only the last 12 hours of sign-ins.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    doomed = []
    for key, data in (
        Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data").iterator()
    ):
        if str(store.decode(data).get("_auth_user_id")) == str(user.pk):
            doomed.append(key)
    if doomed:
        Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)
