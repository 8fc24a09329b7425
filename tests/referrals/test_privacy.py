"""Optional client details: encrypted at rest, shown to a receiving organization only under a release in
force, rotated with the master keys, and destroyed with the key once a closed referral passes retention."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from referrals.access import actor_for
from referrals.lifecycle import transition
from referrals.models import AuditEvent, Referral, ReferralSecret

from .conftest import bearer_client, make_referral

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
DETAILS = {"name": "Maria Example", "phone": "916-555-0142", "safe_contact": "Text only, after 6pm"}


@pytest.fixture(autouse=True)
def master_key(settings):
    settings.REFERRAL_MASTER_KEYS = [OLD_KEY]
    return settings


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def give_details(coalition, referral):
    response = post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/pii", DETAILS)
    assert response.status_code == 200, response.content
    return response


def release(coalition, referral, org=None, items=("name", "phone"), expires_in=timedelta(days=30), **changes):
    body = {
        "organization_id": str((org or coalition.shelter_org).hsds_id),
        "items": list(items),
        "purpose": "Intake call",
        "method": "written",
        "signed_by": "client",
        "signed_at": timezone.now().isoformat(),
        "expires_at": (timezone.now() + expires_in).isoformat(),
        **changes,
    }
    return post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases", body)


def pii_seen_by(user, referral):
    return bearer_client(user).get(f"/api/referrals/{referral.pk}").json()["pii"]


def test_details_are_encrypted_at_rest(coalition, referral):
    give_details(coalition, referral)
    with connection.cursor() as cursor:
        cursor.execute("SELECT wrapped_key, pii_ciphertext FROM referrals_referralsecret")
        stored = " ".join(cursor.fetchone())
    for value in DETAILS.values():
        assert value not in stored
    assert pii_seen_by(coalition.advocate, referral) == DETAILS


def test_without_a_release_the_receiving_organization_sees_no_details(coalition, referral):
    give_details(coalition, referral)
    assert pii_seen_by(coalition.provider, referral) is None
    assert pii_seen_by(coalition.admin, referral) is None


def test_a_release_shows_only_its_items_to_only_its_organization(coalition, referral):
    give_details(coalition, referral)
    response = release(coalition, referral, items=["name"])
    assert response.status_code == 201 and response.json()["in_force"]
    assert pii_seen_by(coalition.provider, referral) == {"name": "Maria Example"}
    assert pii_seen_by(coalition.other_provider, referral) is None  # the legal clinic is not named
    assert AuditEvent.objects.filter(action="pii.read", username="pat", detail="name").exists()


def test_revocation_takes_effect_on_the_next_request(coalition, referral):
    give_details(coalition, referral)
    release_id = release(coalition, referral).json()["id"]
    assert pii_seen_by(coalition.provider, referral) == {"name": "Maria Example", "phone": "916-555-0142"}
    revoked = post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases/{release_id}/revoke", {})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert pii_seen_by(coalition.provider, referral) is None


def test_an_expired_release_shows_nothing(coalition, referral):
    give_details(coalition, referral)
    release(coalition, referral, expires_in=timedelta(seconds=2))
    from referrals.models import Release

    Release.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # time passes
    assert pii_seen_by(coalition.provider, referral) is None


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"items": ["blood_type"]}, "items"),
        ({"purpose": ""}, "purpose"),
        ({"signed_by": "the advocate"}, "signed_by"),
        ({"expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"signed_at": "yesterday"}, "signed_at"),
    ],
)
def test_bad_releases_are_refused(coalition, referral, changes, field):
    response = release(coalition, referral, **changes)
    assert response.status_code == 400 and field in response.json()["error"]["fields"]


def test_a_release_names_an_organization_the_referral_went_to(coalition):
    referral = make_referral(coalition, services=[coalition.shelter])
    response = release(coalition, referral, org=coalition.legal_org)
    assert response.status_code == 400 and "organization_id" in response.json()["error"]["fields"]


def test_a_minors_release_needs_a_guardians_signature_too(coalition):
    referral = make_referral(coalition, age=16)
    refused = release(coalition, referral)
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "invalid" and set(error["fields"]) == {"signed_by"}
    assert "guardian" in error["fields"]["signed_by"]
    assert not referral.releases.exists()
    assert release(coalition, referral, signed_by="client_and_guardian").status_code == 201


def test_only_the_referring_advocate_handles_details_and_releases(coalition, referral):
    url = f"/api/referrals/{referral.pk}/pii"
    assert post(bearer_client(coalition.provider), url, DETAILS).status_code == 403
    assert post(bearer_client(coalition.admin), url, DETAILS).status_code == 403
    assert post(bearer_client(coalition.other_advocate), url, DETAILS).status_code == 404
    releases = f"/api/referrals/{referral.pk}/releases"
    assert post(bearer_client(coalition.other_advocate), releases, {}).status_code == 404


def test_rotating_master_keys_keeps_details_readable_under_the_new_key_alone(coalition, referral, master_key):
    give_details(coalition, referral)
    master_key.REFERRAL_MASTER_KEYS = [NEW_KEY, OLD_KEY]
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "Re-wrapped 1" in out.getvalue()
    master_key.REFERRAL_MASTER_KEYS = [NEW_KEY]
    assert pii_seen_by(coalition.advocate, referral) == DETAILS


def test_closed_referrals_lose_details_and_note_after_retention(coalition, referral, master_key):
    master_key.REFERRAL_RETENTION_DAYS = 30
    give_details(coalition, referral)
    keep = make_referral(coalition, services=[coalition.shelter])
    post(bearer_client(coalition.advocate), f"/api/referrals/{keep.pk}/pii", DETAILS)
    for recipient in referral.recipients.all():
        transition(recipient.pk, "withdrawn", actor_for(coalition.advocate))
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=29))
    call_command("purge_referrals", stdout=StringIO())
    assert Referral.objects.get(pk=referral.pk).purged_at is None  # not yet

    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=31))
    call_command("purge_referrals", stdout=StringIO())
    purged = Referral.objects.get(pk=referral.pk)
    assert purged.note == "" and purged.purged_at is not None
    secret = ReferralSecret.objects.get(referral=referral)
    assert secret.wrapped_key == "" and secret.pii_ciphertext == ""
    assert pii_seen_by(coalition.advocate, referral) is None
    assert pii_seen_by(coalition.advocate, keep) == DETAILS  # open referrals keep theirs
    assert AuditEvent.objects.filter(action="referral.purge", referral_id=referral.pk).exists()

    # The next night's run finds nothing left to purge: the date of the purge and its audit stay as they were.
    out = StringIO()
    call_command("purge_referrals", stdout=out)
    assert out.getvalue().startswith("Purged 0 referral(s)")
    assert Referral.objects.get(pk=referral.pk).purged_at == purged.purged_at
    assert AuditEvent.objects.filter(action="referral.purge", referral_id=referral.pk).count() == 1


def test_without_master_keys_details_are_refused_not_stored_in_clear(coalition, referral, master_key):
    master_key.REFERRAL_MASTER_KEYS = []
    response = post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/pii", DETAILS)
    assert response.status_code == 503
    assert not ReferralSecret.objects.exclude(pii_ciphertext="").exists()


def test_the_provider_page_shows_released_details_only_while_in_force(coalition, referral):
    from django.test import Client

    give_details(coalition, referral)
    client = Client()
    client.force_login(coalition.provider)
    page_url = f"/referrals/inbox/{referral.recipients.get(service=coalition.shelter).pk}/"
    assert "Maria Example" not in client.get(page_url).content.decode()
    release_id = release(coalition, referral, items=["name"]).json()["id"]
    page = client.get(page_url).content.decode()
    assert "Maria Example" in page and "916-555-0142" not in page
    post(bearer_client(coalition.advocate), f"/api/referrals/{referral.pk}/releases/{release_id}/revoke", {})
    assert "Maria Example" not in client.get(page_url).content.decode()


def test_the_advocate_records_details_and_a_release_on_the_timeline_page(coalition, referral):
    from django.test import Client

    advocate = Client()
    advocate.force_login(coalition.advocate)
    advocate.post(f"/referrals/{referral.pk}/details/", {"name": "Maria Example", "phone": "916-555-0142"})
    now = timezone.localtime()
    advocate.post(
        f"/referrals/{referral.pk}/releases/",
        {
            "organization_id": str(coalition.shelter_org.hsds_id),
            "items": ["phone"],
            "purpose": "Call to schedule",
            "method": "verbal-witnessed",
            "signed_by": "client",
            "signed_at": now.strftime("%Y-%m-%dT%H:%M"),
            "expires_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    timeline = advocate.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Maria Example" in timeline and "Call to schedule" in timeline
    assert pii_seen_by(coalition.provider, referral) == {"phone": "916-555-0142"}
    from referrals.models import Release

    advocate.post(f"/referrals/{referral.pk}/releases/{Release.objects.get().pk}/revoke/")
    assert pii_seen_by(coalition.provider, referral) is None
