"""The advocate, provider and coalition-admin screens."""

import pytest
from django.test import Client

from referrals.access import actor_for
from referrals.lifecycle import transition
from referrals.models import AuditEvent, Referral

from .conftest import make_referral


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_new_referral_form_asks_for_no_name(coalition):
    page = signed_in(coalition.advocate).get("/referrals/new/").content.decode()
    assert 'name="needs"' in page and 'name="age"' in page
    for field in ("first_name", "last_name", 'name="name"', 'name="phone"', "date_of_birth", 'name="email"'):
        assert field not in page


def test_an_advocate_finds_matches_picks_services_and_sends(coalition):
    client = signed_in(coalition.advocate)
    facts = {
        "needs": ["emergency-shelter", "legal-immigration"],
        "age": "25",
        "postal_code": "95814",
        "note": "Call the advocate first.",
    }
    page = client.post("/referrals/new/", {**facts, "action": "match"}).content.decode()
    assert "Emergency Beds" in page and "Visa Clinic" in page and "Full Program" not in page
    assert 'name="services"' in page
    response = client.post("/referrals/new/", {**facts, "action": "send", "services": [str(coalition.shelter.hsds_id)]})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/referrals/{referral.pk}/")
    assert [r.service for r in referral.recipients.all()] == [coalition.shelter]
    timeline = client.get(response["Location"]).content.decode()
    assert referral.client_code in timeline and "Emergency Beds" in timeline and "Sent" in timeline
    assert "my referrals" in client.get("/referrals/mine/").content.decode().lower()


def test_my_referrals_shows_each_recipients_status(coalition, referral):
    transition(referral.recipients.get(service=coalition.shelter).pk, "accepted", actor_for(coalition.provider))
    page = signed_in(coalition.advocate).get("/referrals/mine/").content.decode()
    assert referral.client_code in page and "Accepted" in page and "Sent" in page


def test_the_inbox_lists_urgent_referrals_first_and_marks_new_ones(coalition):
    calm = make_referral(coalition, services=[coalition.shelter])
    urgent = make_referral(coalition, services=[coalition.shelter], urgent=True)
    someone_elses = make_referral(coalition, services=[coalition.legal])
    page = signed_in(coalition.provider).get("/referrals/inbox/").content.decode()
    assert page.index(urgent.client_code) < page.index(calm.client_code)
    assert "Urgent" in page and "New" in page
    assert someone_elses.client_code not in page


def test_a_provider_opens_accepts_and_completes_from_the_detail_page(coalition, referral):
    client = signed_in(coalition.provider)
    recipient = referral.recipients.get(service=coalition.shelter)
    page = client.get(f"/referrals/inbox/{recipient.pk}/").content.decode()
    recipient.refresh_from_db()
    assert recipient.status == "viewed"
    assert referral.note in page and "Accept" in page and "Decline" in page
    client.post(f"/referrals/inbox/{recipient.pk}/accept/")
    client.post(f"/referrals/inbox/{recipient.pk}/complete/", {"outcome": "engaged"})
    recipient.refresh_from_db()
    assert (recipient.status, recipient.outcome) == ("completed", "engaged")
    page = client.get(f"/referrals/inbox/{recipient.pk}/").content.decode()
    assert "Accept</button>" not in page


def test_an_illegal_action_on_a_page_is_refused_with_a_message(coalition, referral):
    client = signed_in(coalition.provider)
    recipient = referral.recipients.get(service=coalition.shelter)
    response = client.post(f"/referrals/inbox/{recipient.pk}/complete/", {"outcome": "engaged"}, follow=True)
    assert "cannot become" in response.content.decode()
    recipient.refresh_from_db()
    assert recipient.status == "viewed"  # opened again after the refusal, never completed


def test_the_advocate_withdraws_from_the_timeline(coalition, referral):
    recipient = referral.recipients.get(service=coalition.legal)
    client = signed_in(coalition.advocate)
    url = f"/referrals/{referral.pk}/recipients/{recipient.pk}/withdraw/"
    # One stray tap does nothing: a reason and a ticked confirmation are needed.
    refused = client.post(url, follow=True)
    assert "choose a reason and tick the confirmation" in refused.content.decode()
    client.post(url, {"reason": "placed-elsewhere"})
    recipient.refresh_from_db()
    assert recipient.status == "sent"
    client.post(url, {"reason": "placed-elsewhere", "confirm": "yes"})
    recipient.refresh_from_db()
    assert recipient.status == "withdrawn"
    assert recipient.events.filter(to_status="withdrawn", reason="placed-elsewhere").exists()


def test_withdraw_and_decline_are_confirmed_not_primary_and_decline_preselects_nothing(coalition, referral):
    recipient = referral.recipients.get(service=coalition.shelter)
    timeline = signed_in(coalition.advocate).get(f"/referrals/{referral.pk}/").content.decode()
    assert 'class="button button--danger">Withdraw</button>' in timeline
    assert 'name="confirm" value="yes" required' in timeline

    provider = signed_in(coalition.provider)
    page = provider.get(f"/referrals/inbox/{recipient.pk}/").content.decode()
    decline = page[page.index('name="reason"') :]
    decline = decline[: decline.index("</select>")]
    # Only the empty "Choose a reason" placeholder is selected: no real reason is preselected.
    assert decline.count("selected") == 1 and '<option value="" selected>Choose a reason</option>' in decline
    assert 'class="button button--danger">Decline</button>' in page

    provider.post(f"/referrals/inbox/{recipient.pk}/decline/", {"reason": "no_capacity"})  # not confirmed
    recipient.refresh_from_db()
    assert recipient.status != "declined"
    provider.post(f"/referrals/inbox/{recipient.pk}/decline/", {"reason": "no_capacity", "confirm": "yes"})
    recipient.refresh_from_db()
    assert recipient.status == "declined"


def test_the_timeline_page_title_is_plain_and_its_forms_appear_once(coalition, referral):
    page = signed_in(coalition.advocate).get(f"/referrals/{referral.pk}/").content.decode()
    title = page[page.index("<title>") + len("<title>") : page.index("</title>")]
    assert referral.client_code in title
    assert "<form" not in title and "<" not in title.strip()
    assert page.count(f'action="/referrals/{referral.pk}/details/"') == 1
    assert page.count(f'action="/referrals/{referral.pk}/releases/"') == 1


def test_the_dashboard_counts_without_client_data(coalition):
    provider, other = actor_for(coalition.provider), actor_for(coalition.other_provider)
    first = make_referral(coalition, age=15)
    transition(first.recipients.get(service=coalition.shelter).pk, "accepted", provider)
    transition(first.recipients.get(service=coalition.legal).pk, "declined", other, reason="no_capacity")
    second = make_referral(coalition, services=[coalition.shelter], age=40, gender="male")
    transition(second.recipients.get().pk, "declined", provider, reason="not_eligible")
    page = signed_in(coalition.admin).get("/referrals/dashboard/").content.decode()
    stats = page.split("<h1>", 1)[1]
    assert "33%" in stats  # one accepted of three answered
    assert "Emergency shelter" in stats and "Minors" in stats and "Men" in stats and "No capacity" in stats
    for secret in (first.client_code, second.client_code, first.note, "95814"):
        assert secret not in page


@pytest.mark.parametrize("query, expected", [("", 3), ("?username=pat", 1), ("?action=referral.list", 2)])
def test_the_audit_log_lists_and_filters_reads(coalition, referral, query, expected):
    signed_in(coalition.provider).get(f"/referrals/inbox/{referral.recipients.first().pk}/")
    signed_in(coalition.advocate).get("/referrals/mine/")
    signed_in(coalition.other_advocate).get("/referrals/mine/")
    assert AuditEvent.objects.filter(action="referral.read", username="pat").exists()
    page = signed_in(coalition.admin).get(f"/referrals/audit/{query}").content.decode()
    body = page.split("<tbody>", 1)[1]
    assert body.count("<tr>") == expected


def test_the_inbox_puts_unopened_referrals_before_opened_ones(coalition):
    opened = make_referral(coalition, services=[coalition.shelter], urgent=True)
    transition(opened.recipients.get().pk, "viewed", actor_for(coalition.provider))
    unopened = make_referral(coalition, services=[coalition.shelter])
    page = signed_in(coalition.provider).get("/referrals/inbox/").content.decode()
    assert page.index(unopened.client_code) < page.index(opened.client_code)


def test_sending_to_a_made_up_service_is_refused_politely(coalition):
    response = signed_in(coalition.advocate).post(
        "/referrals/new/", {"needs": ["emergency-shelter"], "action": "send", "services": ["not-a-service"]}
    )
    assert response.status_code == 200 and "Choose at least one service" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_audit_log_pages_past_five_hundred_events_keeping_its_filter(coalition):
    # Before paging the log showed the newest 500 rows and nothing older.
    AuditEvent.objects.bulk_create(
        [AuditEvent(username="pat", role="advocate", action="referral.list", detail=str(n)) for n in range(520)]
    )
    admin = signed_in(coalition.admin)

    first = admin.get("/referrals/audit/?action=referral.list").content.decode()
    assert first.split("<tbody>", 1)[1].count("<tr>") == 100
    assert "Page 1 of 6." in first
    assert 'href="?action=referral.list&amp;page=2" rel="next"' in first

    last = admin.get("/referrals/audit/?action=referral.list&page=6").content.decode()
    assert last.split("<tbody>", 1)[1].count("<tr>") == 20
    assert 'rel="prev"' in last and 'rel="next"' not in last
