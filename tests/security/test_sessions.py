"""Sessions end after 30 idle minutes or 12 hours, and signing out or deactivation ends them on the server."""

import time

from accounts.sessions import LAST_SEEN, LOGIN_AT
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from .conftest import sign_in


def _shift(client, **seconds_ago):
    """Pretend the sign-in (login_at) or the last request (last_seen) happened that many seconds ago."""
    session = client.session
    now = time.time()
    if "login_at" in seconds_ago:
        session[LOGIN_AT] = now - seconds_ago["login_at"]
    if "last_seen" in seconds_ago:
        session[LAST_SEEN] = now - seconds_ago["last_seen"]
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_twenty_nine_idle_minutes_keep_the_session(client, advocate):
    sign_in(client, "advocate1")
    _shift(client, last_seen=29 * 60, login_at=29 * 60)
    response = client.get("/referrals/", follow=True)
    assert response.status_code == 200
    assert _signed_in(client)


def test_thirty_one_idle_minutes_sign_the_user_out_on_the_server(client, advocate):
    sign_in(client, "advocate1")
    old_key = client.session.session_key
    _shift(client, last_seen=31 * 60, login_at=40 * 60)
    response = client.get("/referrals/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/referrals/"
    assert not Session.objects.filter(session_key=old_key).exists()
    assert not _signed_in(client)
    page = client.get(response["Location"])
    assert "You were signed out to keep this account safe" in page.content.decode()


def test_activity_keeps_a_session_alive_but_not_past_twelve_hours(client, advocate):
    sign_in(client, "advocate1")
    _shift(client, last_seen=60, login_at=11 * 3600 + 59 * 60)
    assert client.get("/referrals/", follow=True).status_code == 200
    assert _signed_in(client)
    _shift(client, last_seen=60, login_at=12 * 3600 + 60)
    response = client.get("/referrals/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not _signed_in(client)


def test_expired_session_calling_the_api_gets_a_401(client, advocate):
    sign_in(client, "advocate1")
    _shift(client, last_seen=31 * 60)
    response = client.post("/api/referrals/match", {"needs": ["medical"]}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"


def test_session_cookie_lasts_at_most_twelve_hours(client, advocate):
    response = sign_in(client, "advocate1")
    assert response.cookies["sessionid"]["max-age"] == 12 * 3600
    assert response.cookies["sessionid"]["httponly"]


def test_sign_out_ends_the_session_on_the_server(client, advocate):
    sign_in(client, "advocate1")
    old_key = client.session.session_key
    confirm = client.get("/accounts/logout/")
    assert confirm.status_code == 200 and b"Sign out" in confirm.content
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not Session.objects.filter(session_key=old_key).exists()
    # Someone who copied the old cookie gets nothing with it.
    thief = Client()
    thief.cookies["sessionid"] = old_key
    stolen = thief.get("/referrals/")
    assert stolen.status_code == 302 and stolen["Location"].startswith("/accounts/login/")


def test_deactivating_a_user_ends_all_their_sessions_at_once(advocate, plain_user):
    laptop, phone, other = Client(), Client(), Client()
    sign_in(laptop, "advocate1")
    sign_in(phone, "advocate1", REMOTE_ADDR="198.51.100.7")
    sign_in(other, "neighbour")
    keys = {laptop.session.session_key, phone.session.session_key}
    assert Session.objects.filter(session_key__in=keys).count() == 2

    user = get_user_model().objects.get(username="advocate1")
    user.is_active = False
    user.save()

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert Session.objects.filter(session_key=other.session.session_key).exists()
    assert laptop.get("/referrals/")["Location"].startswith("/accounts/login/")
