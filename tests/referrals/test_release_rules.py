"""Issue 10, items 3, 4 and 7: releases follow the rules, end with the part they served, and lose their free
text in the purge."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from referrals.access import actor_for
from referrals.lifecycle import expire_overdue, transition
from referrals.models import AuditEvent, Referral, Release

from .conftest import bearer_client, make_referral

DETAILS = {"name": "Maria Example", "phone": "916-555-0142"}


@pytest.fixture(autouse=True)
def master_key(settings):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    return settings


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def release_body(coalition, org=None, signed=None, expires=None, **changes):
    now = timezone.now()
    signed = now if signed is None else signed
    return {
        "organization_id": str((org or coalition.shelter_org).hsds_id),
        "items": ["name", "phone"],
        "purpose": "Intake call",
        "method": "written",
        "signed_by": "client",
        "signed_at": signed.isoformat(),
        "expires_at": (expires or now + timedelta(days=30)).isoformat(),
        **changes,
    }


def add_release(coalition, referral, **kwargs):
    return post(
        bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases", release_body(coalition, **kwargs)
    )


def with_details(coalition, referral):
    response = post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/pii", DETAILS)
    assert response.status_code == 200
    return referral


def provider_sees(user, referral):
    return bearer_client(user).get(f"/api/referrals/{referral.pk}").json()["pii"]


# --- Item 3: the rules of a release ----------------------------------------------------------------------

NOW = timezone.now


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"expires": NOW() + timedelta(days=91)}, "expires_at"),  # past REFERRAL_RELEASE_MAX_DAYS (90)
        ({"expires": NOW().replace(year=9999)}, "expires_at"),
        ({"signed": NOW().replace(year=1), "expires": NOW() + timedelta(days=5)}, "signed_at"),
        ({"signed": NOW() - timedelta(days=31), "expires": NOW() + timedelta(days=5)}, "signed_at"),
        ({"signed": NOW() + timedelta(days=2)}, "signed_at"),
        ({"expires": NOW() - timedelta(minutes=1)}, "expires_at"),
        ({"method": "telepathy"}, "method"),
        ({"method": None}, "method"),
    ],
    ids=[
        "91-days",
        "year-9999",
        "signed-year-1",
        "signed-31-days-ago",
        "signed-in-future",
        "expired",
        "method-bad",
        "method-missing",
    ],
)
def test_a_release_outside_the_rules_is_refused(coalition, referral, kwargs, field):
    response = add_release(coalition, referral, **kwargs)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not Release.objects.exists()


def test_the_longest_release_is_set_by_a_setting(coalition, referral, settings):
    signed = timezone.now() - timedelta(days=29)
    assert add_release(coalition, referral, signed=signed, expires=signed + timedelta(days=90)).status_code == 201
    settings.REFERRAL_RELEASE_MAX_DAYS = 14
    response = add_release(coalition, referral, expires=timezone.now() + timedelta(days=15))
    assert response.status_code == 400 and "14" in response.json()["error"]["fields"]["expires_at"]


@pytest.mark.parametrize("method", ["written", "verbal-witnessed", "electronic"])
def test_how_consent_was_given_is_recorded(coalition, referral, method):
    response = add_release(coalition, referral, method=method)
    assert response.status_code == 201 and response.json()["method"] == method
    assert Release.objects.get().method == method


def test_the_release_screen_asks_how_consent_was_given(coalition, referral):
    advocate = Client()
    advocate.force_login(coalition.advocate)
    page = advocate.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'name="method"' in page and "verbal-witnessed" in page
    now = timezone.localtime()
    form = {
        "organization_id": str(coalition.shelter_org.hsds_id),
        "items": ["phone"],
        "purpose": "Call",
        "signed_by": "client",
        "signed_at": now.strftime("%Y-%m-%dT%H:%M"),
        "expires_at": (now + timedelta(days=200)).strftime("%Y-%m-%dT%H:%M"),
    }
    advocate.post(f"/referrals/{referral.pk}/releases/", form)  # no method, and too long
    advocate.post(f"/referrals/{referral.pk}/releases/", {**form, "method": "written"})  # too long
    assert not Release.objects.exists()
    form["expires_at"] = (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    advocate.post(f"/referrals/{referral.pk}/releases/", {**form, "method": "electronic"})
    assert Release.objects.get().method == "electronic"


# --- Item 4: minimum necessary after a part ends ---------------------------------------------------------


def _shelter_part(referral, coalition):
    return referral.recipients.get(service=coalition.shelter)


@pytest.mark.parametrize("ending", ["declined", "withdrawn", "expired"])
def test_an_organization_whose_part_ended_sees_no_details_and_its_releases_end(coalition, referral, ending):
    with_details(coalition, referral)
    assert add_release(coalition, referral).status_code == 201
    assert provider_sees(coalition.provider, referral) == DETAILS
    part = _shelter_part(referral, coalition)
    if ending == "declined":
        transition(part.pk, "declined", actor_for(coalition.provider), reason="no_capacity")
    elif ending == "withdrawn":
        transition(part.pk, "withdrawn", actor_for(coalition.advocate))
    else:
        type(part).objects.filter(pk=part.pk).update(respond_by=timezone.now() - timedelta(minutes=1))
        expire_overdue()
    assert provider_sees(coalition.provider, referral) is None
    ended = Release.objects.get()
    assert ended.revoked_at is not None and ended.end_reason == f"part_{ending}"
    event = AuditEvent.objects.get(action="release.end")
    assert (event.referral_id, event.detail) == (referral.pk, f"part_{ending}")
    page = Client()
    page.force_login(coalition.provider)
    assert "Maria Example" not in page.get(f"/referrals/inbox/{part.pk}/").content.decode()


def test_the_other_organizations_release_is_untouched(coalition, referral):
    with_details(coalition, referral)
    add_release(coalition, referral)
    add_release(coalition, referral, org=coalition.legal_org)
    transition(_shelter_part(referral, coalition).pk, "declined", actor_for(coalition.provider), reason="other")
    assert provider_sees(coalition.other_provider, referral) == DETAILS
    assert Release.objects.get(organization=coalition.legal_org).revoked_at is None


def test_a_new_release_for_an_organization_whose_part_is_over_is_refused(coalition, referral):
    transition(_shelter_part(referral, coalition).pk, "withdrawn", actor_for(coalition.advocate))
    response = add_release(coalition, referral)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "part_over"
    assert "organization_id" in response.json()["error"]["fields"]
    assert not Release.objects.exists()


def test_a_completed_part_keeps_its_details_until_the_purge(coalition, referral, master_key):
    with_details(coalition, referral)
    add_release(coalition, referral)
    provider = actor_for(coalition.provider)
    part = _shelter_part(referral, coalition)
    transition(part.pk, "accepted", provider)
    transition(part.pk, "completed", provider, outcome="engaged")
    transition(referral.recipients.get(service=coalition.legal).pk, "withdrawn", actor_for(coalition.advocate))
    assert Referral.objects.get(pk=referral.pk).status == "closed"
    assert provider_sees(coalition.provider, referral) == DETAILS
    assert Release.objects.get().end_reason == ""

    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=31))
    call_command("purge_referrals", stdout=StringIO())
    assert provider_sees(coalition.provider, referral) is None


# --- Item 7: the purge clears the release's purpose too ---------------------------------------------------


def test_the_purge_clears_release_purposes(coalition):
    referral = make_referral(coalition, services=[coalition.shelter])
    add_release(coalition, referral, purpose="Call Maria at the shelter")
    transition(_shelter_part(referral, coalition).pk, "withdrawn", actor_for(coalition.advocate))
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=31))
    call_command("purge_referrals", stdout=StringIO())
    assert Release.objects.get().purpose == ""


def test_revoking_records_the_reason(coalition, referral):
    release_id = add_release(coalition, referral).json()["id"]
    response = post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases/{release_id}/revoke", {})
    assert response.json()["end_reason"] == "revoked" and response.json()["in_force"] is False
