"""Every role (and the anonymous visitor, and a signed-in non-member) against every referral endpoint and page.

One row per endpoint; each row says what each caller gets. The referral under test goes to the shelter only, so
the legal clinic's provider is a member who may use the API but must not learn the referral exists (404).
API callers use bearer tokens (a non-member cannot get one, so it uses a session).
"""

import json
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.utils import timezone

from referrals.access import issue_token
from referrals.privacy import create_release

from .conftest import make_referral

ROLES = ["anonymous", "stranger", "advocate", "other_advocate", "provider", "other_provider", "admin"]


def client_for(coalition, role, api: bool) -> Client:
    if role == "anonymous":
        return Client()
    user = getattr(coalition, role)
    if api and role != "stranger":
        return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")
    client = Client()
    client.force_login(user)
    return client


def expect(anonymous, stranger, advocate, other_advocate, provider, other_provider, admin):
    statuses = [anonymous, stranger, advocate, other_advocate, provider, other_provider, admin]
    return dict(zip(ROLES, statuses, strict=True))


API = [
    (
        "match",
        "post",
        lambda ref, rec, c: "/api/referrals/match",
        lambda c: {"needs": ["emergency-shelter"]},
        expect(401, 403, 200, 200, 403, 403, 200),
    ),
    (
        "create",
        "post",
        lambda ref, rec, c: "/api/referrals",
        lambda c: {"client": {"age": 30}, "needs": ["emergency-shelter"], "recipients": [str(c.shelter.hsds_id)]},
        expect(401, 403, 201, 201, 403, 403, 403),
    ),
    ("list", "get", lambda ref, rec, c: "/api/referrals", None, expect(401, 403, 200, 200, 200, 200, 200)),
    ("detail", "get", lambda ref, rec, c: f"/api/referrals/{ref.pk}", None, expect(401, 403, 200, 404, 200, 404, 200)),
    (
        "provider answers",
        "post",
        lambda ref, rec, c: f"/api/referrals/{ref.pk}/recipients/{rec.pk}/transition",
        lambda c: {"to": "accepted"},
        expect(401, 403, 403, 404, 200, 404, 403),
    ),
    (
        "advocate withdraws",
        "post",
        lambda ref, rec, c: f"/api/referrals/{ref.pk}/recipients/{rec.pk}/transition",
        lambda c: {"to": "withdrawn"},
        expect(401, 403, 200, 404, 403, 404, 403),
    ),
    (
        "store client details",
        "post",
        lambda ref, rec, c: f"/api/referrals/{ref.pk}/pii",
        lambda c: {"name": "A. Person"},
        expect(401, 403, 200, 404, 403, 403, 403),
    ),
    (
        "record a release",
        "post",
        lambda ref, rec, c: f"/api/referrals/{ref.pk}/releases",
        lambda c: release_body(c),
        expect(401, 403, 201, 404, 403, 403, 403),
    ),
    (
        "revoke a release",
        "post",
        lambda ref, rec, c: f"/api/referrals/{ref.pk}/releases/{make_release(ref, c).pk}/revoke",
        lambda c: {},
        expect(401, 403, 200, 404, 403, 403, 403),
    ),
]


def release_body(coalition):
    now = timezone.now()
    return {
        "organization_id": str(coalition.shelter_org.hsds_id),
        "items": ["name"],
        "purpose": "Intake",
        "method": "electronic",
        "signed_by": "client",
        "signed_at": now.isoformat(),
        "expires_at": (now + timedelta(days=7)).isoformat(),
    }


def make_release(referral, coalition):
    return create_release(referral, coalition.advocate, release_body(coalition))


PAGES = [
    ("start", "get", lambda ref, rec: "/referrals/", expect(302, 403, 302, 302, 302, 302, 302)),
    ("new referral", "get", lambda ref, rec: "/referrals/new/", expect(302, 403, 200, 200, 403, 403, 403)),
    ("my referrals", "get", lambda ref, rec: "/referrals/mine/", expect(302, 403, 200, 200, 403, 403, 403)),
    ("timeline", "get", lambda ref, rec: f"/referrals/{ref.pk}/", expect(302, 403, 200, 404, 403, 403, 200)),
    (
        "withdraw",
        "post",
        lambda ref, rec: f"/referrals/{ref.pk}/recipients/{rec.pk}/withdraw/",
        expect(302, 403, 302, 404, 403, 403, 403),
    ),
    ("inbox", "get", lambda ref, rec: "/referrals/inbox/", expect(302, 403, 403, 403, 200, 200, 403)),
    ("inbox item", "get", lambda ref, rec: f"/referrals/inbox/{rec.pk}/", expect(302, 403, 403, 403, 200, 404, 403)),
    (
        "accept",
        "post",
        lambda ref, rec: f"/referrals/inbox/{rec.pk}/accept/",
        expect(302, 403, 403, 403, 302, 404, 403),
    ),
    (
        "save client details",
        "post",
        lambda ref, rec: f"/referrals/{ref.pk}/details/",
        expect(302, 403, 302, 404, 403, 403, 403),
    ),
    (
        "record a release",
        "post",
        lambda ref, rec: f"/referrals/{ref.pk}/releases/",
        expect(302, 403, 302, 404, 403, 403, 403),
    ),
    ("dashboard", "get", lambda ref, rec: "/referrals/dashboard/", expect(302, 403, 403, 403, 403, 403, 200)),
    ("audit log", "get", lambda ref, rec: "/referrals/audit/", expect(302, 403, 403, 403, 403, 403, 200)),
]


@pytest.mark.parametrize("name, method, url, body, expected", API, ids=[row[0] for row in API])
def test_api_access(coalition, settings, name, method, url, body, expected):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    actual = {}
    for role in ROLES:
        referral = make_referral(coalition, services=[coalition.shelter])
        recipient = referral.recipients.get()
        client = client_for(coalition, role, api=True)
        kwargs = {"data": json.dumps(body(coalition)), "content_type": "application/json"} if body else {}
        response = getattr(client, method)(url(referral, recipient, coalition), **kwargs)
        actual[role] = response.status_code
        assert response["Content-Type"] == "application/json", (role, response.content[:200])
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "fields"}
        assert "no-store" in response["Cache-Control"]
    assert actual == expected


@pytest.mark.parametrize("name, method, url, expected", PAGES, ids=[row[0] for row in PAGES])
def test_page_access(coalition, settings, name, method, url, expected):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    actual = {}
    for role in ROLES:
        referral = make_referral(coalition, services=[coalition.shelter])
        recipient = referral.recipients.get()
        response = getattr(client_for(coalition, role, api=False), method)(url(referral, recipient))
        actual[role] = response.status_code
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"]
    assert actual == expected


# The list rows above say who may open a list; these say whose list shows the referral (a 200 alone says nothing).
LISTS = [
    ("API list", True, "/api/referrals", {"advocate", "provider", "admin"}, {"other_advocate", "other_provider"}),
    ("my referrals", False, "/referrals/mine/", {"advocate"}, {"other_advocate"}),
    ("inbox", False, "/referrals/inbox/", {"provider"}, {"other_provider"}),
]


@pytest.mark.parametrize("name, api, url, shown_to, hidden_from", LISTS, ids=[row[0] for row in LISTS])
def test_lists_show_a_referral_only_to_those_who_may_see_it(coalition, name, api, url, shown_to, hidden_from):
    referral = make_referral(coalition, services=[coalition.shelter])
    for role in sorted(shown_to | hidden_from):
        response = client_for(coalition, role, api=api).get(url)
        assert response.status_code == 200, (role, response.status_code)
        body = response.content.decode()
        if api:
            listed = {item["id"] for item in response.json()["results"]}
            assert (str(referral.pk) in listed) == (role in shown_to), (role, listed)
        assert (referral.client_code in body) == (role in shown_to), role
