"""Issue 10, item 1: the referral API holds the second factor and the session limits on its own.

A stolen password alone must not reach referral data through the API: not with an empty or malformed
`Authorization` header (which once made the session middleware step aside), not with the middleware gone,
and not after the idle or absolute session limit.
"""

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings

from referrals.policy import LAST_SEEN, LOGIN_AT, session_expired

from .conftest import sign_in

BAD_HEADERS = ["", " ", "Bearer", "Bearer ", "Bearer    ", "garbage", "Basic YWxpY2U6c2VjcmV0", "rt_abc"]
WITHOUT_GATES = [
    m for m in settings.MIDDLEWARE if not m.endswith(("SecondFactorRequiredMiddleware", "SessionTimeoutMiddleware"))
]


def _password_only_session(advocate) -> Client:
    client = Client()
    assert sign_in(client, "advocate1").status_code == 302
    return client


@pytest.mark.parametrize("header", BAD_HEADERS)
def test_an_empty_or_malformed_authorization_header_is_refused_even_with_a_session(advocate, header):
    client = Client()
    sign_in(client, "advocate1")  # a full session (REQUIRE_MFA is off in tests)
    for url in ("/api/referrals", "/api/referrals/00000000-0000-0000-0000-000000000000"):
        response = client.get(url, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, (header, url)
        assert response.json()["error"]["code"] == "unauthenticated"


@override_settings(REQUIRE_MFA=True)
@pytest.mark.parametrize("header", BAD_HEADERS[:4])
def test_a_password_only_session_reaches_no_referral_data_with_a_blank_header(advocate, header):
    client = _password_only_session(advocate)
    response = client.get("/api/referrals", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "results" not in response.json()


@override_settings(REQUIRE_MFA=True, MIDDLEWARE=WITHOUT_GATES)
def test_the_api_itself_refuses_a_session_that_owes_a_second_factor(advocate):
    client = _password_only_session(advocate)
    for method, url in (("get", "/api/referrals"), ("post", "/api/referrals/match")):
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "second_factor_required"


def _age_session(client, *, login_ago: float, seen_ago: float):
    session = client.session
    now = time.time()
    session[LOGIN_AT], session[LAST_SEEN] = now - login_ago, now - seen_ago
    session.save()


@pytest.mark.parametrize("middleware", [settings.MIDDLEWARE, WITHOUT_GATES], ids=["with-gates", "api-alone"])
@pytest.mark.parametrize(
    "login_ago, seen_ago", [(40 * 60, 31 * 60), (13 * 3600, 60)], ids=["idle-31-minutes", "signed-in-13-hours-ago"]
)
def test_idle_and_absolute_limits_apply_to_api_session_callers(advocate, middleware, login_ago, seen_ago):
    signed_in = _password_only_session(advocate)
    assert signed_in.get("/api/referrals").status_code == 200
    _age_session(signed_in, login_ago=login_ago, seen_ago=seen_ago)
    with override_settings(MIDDLEWARE=middleware):
        # A new client with the same cookie: a client builds its middleware chain once, at its first request.
        client = Client()
        client.cookies = signed_in.cookies
        response = client.get("/api/referrals")
        assert response.status_code == 401
        # The API says why, in its own words, whichever part caught it.
        assert response.json()["error"]["code"] == "session_expired"
        again = client.get("/api/referrals")
    assert again.status_code == 401  # the session ended on the server
    assert "_auth_user_id" not in client.session


def test_a_session_from_before_the_stamps_starts_counting_at_the_time_it_is_checked():
    session = {}
    assert not session_expired(session, now=1_000.0)
    assert session[LOGIN_AT] == session[LAST_SEEN] == 1_000.0
    assert not session_expired(session, now=1_000.0 + settings.SESSION_IDLE_TIMEOUT)
    assert session_expired(session, now=1_000.0 + settings.SESSION_IDLE_TIMEOUT + 1)


def test_a_well_formed_token_still_works_beside_a_stale_session(advocate):
    from referrals.access import issue_token

    client = _password_only_session(advocate)
    _age_session(client, login_ago=13 * 3600, seen_ago=60)
    response = client.get("/api/referrals", HTTP_AUTHORIZATION=f"Bearer {issue_token(advocate)}")
    assert response.status_code == 200
