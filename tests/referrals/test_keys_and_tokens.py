"""Issue 10, items 6 and 7: key rotation goes on past a key it cannot open, and API tokens expire."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from referrals.access import issue_token
from referrals.models import ApiToken

from .conftest import bearer_client, make_referral

OLD, NEW, STRAY = (Fernet.generate_key().decode() for _ in range(3))


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_expired_token_answers_401(coalition):
    token = issue_token(coalition.advocate, days=1)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/referrals").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/referrals")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("args, days", [((), 90), (("--days", "7"), 7)])
def test_issue_api_token_sets_an_expiry_and_prints_only_the_token(coalition, args, days):
    printed, _err = run("issue_api_token", "ava", *args)
    token = printed.strip()
    assert printed == token + "\n" and token.startswith("rt_")
    expires = ApiToken.objects.get().expires_at
    assert abs(expires - (timezone.now() + timedelta(days=days))) < timedelta(minutes=1)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/referrals").status_code == 200


def test_issue_api_token_refuses_a_lifetime_below_one_day(coalition):
    with pytest.raises(CommandError):
        run("issue_api_token", "ava", "--days", "0")


def test_revoke_api_tokens_lists_what_it_revoked(coalition):
    first, second = issue_token(coalition.advocate), issue_token(coalition.advocate)
    issue_token(coalition.provider)
    out, _err = run("revoke_api_tokens", "ava")
    for token in (first, second):
        assert f"Revoked {token[:10]}…" in out
        assert token not in out  # only the prefix, never the token
    assert "Revoked 2 token(s)." in out
    assert ApiToken.objects.filter(revoked_at=None).count() == 1
    assert run("revoke_api_tokens", "ava")[0].strip() == "Revoked 0 token(s)."


def _with_details(coalition, referral):
    response = bearer_client(coalition.advocate).post(
        f"/api/referrals/{referral.pk}/pii", data=json.dumps({"name": "Maria Example"}), content_type="application/json"
    )
    assert response.status_code == 200


def test_rotate_keys_reports_what_it_could_not_rewrap_and_goes_on(coalition, settings):
    settings.REFERRAL_MASTER_KEYS = [STRAY]
    lost = make_referral(coalition, services=[coalition.shelter])
    _with_details(coalition, lost)
    settings.REFERRAL_MASTER_KEYS = [OLD]
    kept = [make_referral(coalition, services=[coalition.shelter]) for _ in range(2)]
    for referral in kept:
        _with_details(coalition, referral)

    settings.REFERRAL_MASTER_KEYS = [NEW, OLD]
    with pytest.raises(CommandError) as failed:
        call_command("rotate_keys", stdout=(out := StringIO()), stderr=(err := StringIO()))
    assert "Re-wrapped 2 referral key(s)" in out.getvalue()
    assert str(lost.pk) in err.getvalue() and all(str(r.pk) not in err.getvalue() for r in kept)
    assert "1" in str(failed.value)
    settings.REFERRAL_MASTER_KEYS = [NEW]
    for referral in kept:
        assert bearer_client(coalition.advocate).get(f"/api/referrals/{referral.pk}").json()["pii"] == {
            "name": "Maria Example"
        }
