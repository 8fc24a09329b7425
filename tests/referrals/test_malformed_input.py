"""Issue 10, item 5: malformed input answers 400 (or 413, 404), never 500, on every JSON endpoint of the
referral API. Hand-picked cases first, then a property-based test that throws generated JSON at each one."""

import json
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.models import Referral, Release

from .conftest import bearer_client

ACCEPTED = {200, 201, 400, 404, 409, 413}


@pytest.fixture(autouse=True)
def master_key(settings):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]  # without one, client details answer 503


def post_raw(client, url, raw: bytes | str):
    return client.post(url, data=raw, content_type="application/json")


def assert_clean_error(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["fields"], dict)


def _urls(coalition, referral):
    part = referral.recipients.get(service=coalition.shelter)
    return {
        "match": "/api/referrals/match",
        "create": "/api/referrals",
        "pii": f"/api/referrals/{referral.pk}/pii",
        "releases": f"/api/referrals/{referral.pk}/releases",
        "transition": f"/api/referrals/{referral.pk}/recipients/{part.pk}/transition",
    }


@pytest.mark.parametrize("name", ["match", "create", "pii", "releases", "transition"])
@pytest.mark.parametrize(
    "raw, status",
    [
        ("[" * 5000 + "]" * 5000, 400),  # nested very deeply: once a RecursionError, a 500
        ('{"a":' * 50 + "1" + "}" * 50, 400),
        ("[1, 2, 3]", 400),  # not an object
        ('"text"', 400),
        ("null", 400),
        ("{nope", 400),
        (b"\xff\xfe\x00", 400),
        ('{"x": "' + "a" * 70_000 + '"}', 413),  # too large
    ],
    ids=["deep-array", "deep-object", "array", "string", "null", "broken", "not-utf8", "too-large"],
)
def test_malformed_bodies_get_a_clean_error(coalition, referral, name, raw, status):
    provider_or_advocate = coalition.provider if name == "transition" else coalition.advocate
    response = post_raw(bearer_client(provider_or_advocate), _urls(coalition, referral)[name], raw)
    assert_clean_error(response, status)


def test_a_note_that_is_not_text_is_refused_not_stored_as_its_repr(coalition):
    body = {"needs": ["emergency-shelter"], "recipients": [str(coalition.shelter.hsds_id)], "note": {"x": 1}}
    response = post_raw(bearer_client(coalition.advocate), "/api/referrals", json.dumps(body))
    assert_clean_error(response, 400)
    assert "note" in response.json()["error"]["fields"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"items": [["name"], "phone"]}, "items"),
        ({"items": [{"name": 1}]}, "items"),
        ({"signed_at": "2026-02-30T10:00:00"}, "signed_at"),
        ({"expires_at": "2026-13-01T10:00:00"}, "expires_at"),
        ({"signed_at": "2026-01-01T25:00:00"}, "signed_at"),
        ({"organization_id": ["x"]}, "organization_id"),
        ({"signed_by": ["client"]}, "signed_by"),
        ({"method": {"written": True}}, "method"),
    ],
)
def test_release_bodies_with_impossible_values_are_refused(coalition, referral, changes, field):
    now = timezone.now()
    body = {
        "organization_id": str(coalition.shelter_org.hsds_id),
        "items": ["name"],
        "purpose": "Intake",
        "method": "written",
        "signed_by": "client",
        "signed_at": now.isoformat(),
        "expires_at": (now + timedelta(days=3)).isoformat(),
        **changes,
    }
    response = post_raw(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases", json.dumps(body))
    assert_clean_error(response, 400)
    assert field in response.json()["error"]["fields"]
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"to": ["accepted"]}, {"to": {"a": 1}}, {"to": "declined", "reason": ["x"]}, {"to": "completed", "outcome": 7}],
)
def test_transition_bodies_with_odd_types_are_refused(coalition, referral, body):
    url = _urls(coalition, referral)["transition"]
    assert_clean_error(post_raw(bearer_client(coalition.provider), url, json.dumps(body)), 400)


# --- Property-based: any JSON at any endpoint ------------------------------------------------------------

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
# Values that look nearly right reach further into the validators than random ones.
PLAUSIBLE = st.sampled_from(
    [
        "emergency-shelter",
        "95814",
        "client",
        "written",
        "accepted",
        "declined",
        "name",
        "2026-02-30T10:00:00",
        "2026-12-01T10:00:00+00:00",
        "",
        "es",
        -1,
        0,
        17,
        10**30,
        1e308,
    ]
)
VALUE = PLAUSIBLE | JSON | st.lists(PLAUSIBLE, max_size=3)

FIELDS = {
    "match": [
        "needs",
        "age",
        "gender",
        "languages",
        "trafficking_type",
        "postal_code",
        "radius_miles",
        "urgent",
        "limit",
    ],
    "create": ["client", "needs", "urgent", "note", "recipients"],
    "pii": ["name", "phone", "email", "address", "safe_contact", "blood_type"],
    "releases": ["organization_id", "items", "purpose", "method", "signed_by", "signed_at", "expires_at"],
    "transition": ["to", "reason", "outcome"],
}


def body_for(name):
    keys = FIELDS[name]
    shaped = st.fixed_dictionaries({}, optional={key: VALUE for key in keys})
    if name == "create":
        client = st.fixed_dictionaries(
            {}, optional={k: VALUE for k in ("age", "gender", "languages", "trafficking_type", "postal_code")}
        )
        shaped = st.fixed_dictionaries({}, optional={"client": client | VALUE, **{k: VALUE for k in keys[1:]}})
    return shaped | JSON


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_any_json_body_gets_an_answer_never_a_server_error(coalition, referral, name):
    user = coalition.provider if name == "transition" else coalition.advocate
    client = bearer_client(user)
    url = _urls(coalition, referral)[name]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(body=body_for(name))
    def check(body):
        response = post_raw(client, url, json.dumps(body))
        assert response.status_code in ACCEPTED, (body, response.status_code, response.content[:300])
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "fields"}

    check()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(status=st.text(max_size=20))
def test_any_status_filter_gets_an_answer(coalition, status):
    response = bearer_client(coalition.advocate).get("/api/referrals", {"status": status})
    assert response.status_code in {200, 400}
