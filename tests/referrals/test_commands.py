"""add_member, issue_api_token, revoke_api_tokens and expire_referrals as an operator runs them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from referrals.models import ApiToken, Membership

from .conftest import make_referral


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_member_creates_a_provider_of_an_organization(coalition):
    run(
        "add_member",
        "nina",
        "--email",
        "nina@harbor.example",
        "--role",
        "provider",
        "--org",
        str(coalition.shelter_org.hsds_id),
    )
    membership = Membership.objects.get(user__username="nina")
    assert (membership.role, membership.organization, membership.user.email) == (
        "provider",
        coalition.shelter_org,
        "nina@harbor.example",
    )


def test_add_member_refuses_a_missing_or_unknown_organization(coalition):
    with pytest.raises(CommandError, match="needs an organization"):
        run("add_member", "nina", "--email", "n@example.org", "--role", "advocate")
    with pytest.raises(CommandError, match="No organization"):
        run("add_member", "nina", "--email", "n@example.org", "--role", "advocate", "--org", "nope")
    assert not get_user_model().objects.filter(username="nina").exists()


def test_a_coalition_admin_needs_no_organization(coalition):
    run("add_member", "root", "--email", "root@coalition.example", "--role", "coalition-admin")
    assert Membership.objects.get(user__username="root").organization is None


def test_issue_api_token_prints_only_a_working_token(coalition):
    printed = run("issue_api_token", "ava")
    token = printed.strip()
    assert printed == token + "\n" and " " not in token and token.startswith("rt_")
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only its hash is kept
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/referrals").status_code == 200
    run("revoke_api_tokens", "ava")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/referrals").status_code == 401


def test_issue_api_token_refuses_non_members(coalition):
    with pytest.raises(CommandError):
        run("issue_api_token", "sam")


def test_expire_referrals_expires_overdue_recipients(coalition, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_referral(coalition, services=[coalition.shelter], urgent=True, now=timezone.now() - timedelta(hours=5))
    fresh = make_referral(coalition, services=[coalition.legal], urgent=True)
    assert "Expired 1 recipient(s)" in run("expire_referrals")
    assert fresh.recipients.get().status == "sent"
