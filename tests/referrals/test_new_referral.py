"""The advocate's new-referral screen (issue 14): match cards that say enough to choose, the fallback notice,
and sending that re-checks each chosen service against matching's hard filters."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import ServicePage
from referrals.models import AuditEvent, Referral
from search.indexing import enqueue_page_update
from tests.factories import make_service

from .test_screens import signed_in

pytestmark = pytest.mark.django_db


def post(client, data):
    return client.post("/referrals/new/", data)


def test_match_cards_show_organization_capacity_phone_hours_and_the_minors_release_hint(coalition):
    ServicePage.objects.filter(pk=coalition.shelter.pk).update(
        places_free=3, capacity_updated_at=timezone.now() - timedelta(hours=2), phone="916-555-0142"
    )
    enqueue_page_update(coalition.shelter.pk)

    page = post(
        signed_in(coalition.advocate), {"needs": ["emergency-shelter"], "age": "16", "action": "match"}
    ).content.decode()

    assert "Safe Harbor" in page and "Emergency Beds" in page  # the organization is always named
    assert "3 places free, updated 2 h ago" in page
    assert 'href="tel:916-555-0142"' in page
    assert "Closed now" in page  # no hours, no 24/7 intake
    assert "releasing any details needs a guardian" in page
    assert 'action="#matches"' in page and 'id="matches"' in page


def test_no_minors_hint_for_an_adult_and_no_capacity_line_without_a_report(coalition):
    page = post(
        signed_in(coalition.advocate), {"needs": ["emergency-shelter"], "age": "30", "action": "match"}
    ).content.decode()
    assert "Emergency Beds" in page
    assert "guardian" not in page and "places free" not in page


def test_the_screen_shows_the_fallback_notice_when_matching_ran_on_the_database(coalition, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"  # nothing listens there

    page = post(signed_in(coalition.advocate), {"needs": ["emergency-shelter"], "action": "match"}).content.decode()

    assert "Emergency Beds" in page
    assert "Search is running in a simpler mode right now" in page


def test_sending_to_a_service_that_no_longer_fits_needs_an_override_with_a_reason(coalition):
    youth = make_service(
        coalition.shelter_org, "Youth Beds", needs=("emergency-shelter",), minimum_age=12, maximum_age=17
    )
    client = signed_in(coalition.advocate)
    facts = {"needs": ["emergency-shelter"], "age": "19", "services": [str(youth.hsds_id)], "action": "send"}

    refused = post(client, facts).content.decode()
    assert Referral.objects.count() == 0
    assert "This service no longer fits: the client&#x27;s age is outside its ages." in refused
    assert 'name="override"' in refused

    # Ticking "Send anyway" without a reason is still refused.
    post(client, {**facts, "override": [str(youth.hsds_id)]})
    assert Referral.objects.count() == 0

    sent = post(
        client, {**facts, "override": [str(youth.hsds_id)], f"override_reason_{youth.hsds_id}": "provider-agreed"}
    )
    referral = Referral.objects.get()
    assert sent.status_code == 302
    event = AuditEvent.objects.get(action="recipient.override")
    assert event.referral_id == referral.pk
    assert event.recipient_id == referral.recipients.get().pk
    assert event.detail == "provider-agreed:age"


def test_a_service_that_stopped_accepting_referrals_cannot_be_overridden(coalition):
    ServicePage.objects.filter(pk=coalition.shelter.pk).update(accepting_referrals=False)  # index not told yet
    client = signed_in(coalition.advocate)
    sid = str(coalition.shelter.hsds_id)

    page = post(
        client,
        {
            "needs": ["emergency-shelter"],
            "services": [sid],
            "action": "send",
            "override": [sid],
            f"override_reason_{sid}": "provider-agreed",
        },
    ).content.decode()

    assert Referral.objects.count() == 0
    assert "not accepting referrals now" in page and "It cannot receive this referral" in page


def test_the_timeline_shows_languages_by_name(coalition, referral):
    page = signed_in(coalition.advocate).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Spanish" in page
    spanish = signed_in(coalition.advocate).get(f"/es/referrals/{referral.pk}/")
    if spanish.status_code == 200:
        assert "Español" in spanish.content.decode()


def test_every_page_shows_who_is_signed_in_with_sign_out_and_links_between_referrals_and_the_admin(coalition):
    client = signed_in(coalition.advocate)
    page = client.get("/directory/").content.decode()
    assert "Signed in as ava" in page
    assert 'action="/accounts/logout/"' in page and "Sign out" in page
    assert 'href="/referrals/"' in page
    assert "Listing admin" not in page  # an advocate without admin access

    coalition.admin.is_staff = True
    coalition.admin.is_superuser = True
    coalition.admin.save()
    admin = signed_in(coalition.admin)
    dashboard = admin.get("/referrals/dashboard/").content.decode()
    assert 'href="/admin/"' in dashboard and "Listing admin" in dashboard
    # Wagtail draws its menu from JSON: the Referrals item's URL is in it.
    assert '"/referrals/"' in admin.get("/admin/").content.decode()


def test_anonymous_pages_show_no_account_bar(site_tree, client):
    assert "Sign out" not in client.get("/").content.decode()
