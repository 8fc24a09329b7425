"""Issue 14, items 7 and 8: what waits on the advocate comes first, the dashboard lists unanswered urgent parts,
organizations are named beside services, and the audit log reads as words, by client code, a page at a time."""

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from referrals.access import actor_for
from referrals.lifecycle import transition
from referrals.models import AuditEvent

from .conftest import make_referral


@pytest.fixture(autouse=True)
def _master_key(settings):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_referrals_puts_parts_waiting_on_the_advocate_first(coalition):
    asked = make_referral(coalition, services=[coalition.shelter])
    newer = make_referral(coalition, services=[coalition.legal])
    signed_in(coalition.provider).post(
        f"/referrals/inbox/{asked.recipients.get().pk}/request-info/", {"question": "Which shift suits her?"}
    )
    advocate = signed_in(coalition.advocate)
    page = advocate.get("/referrals/mine/").content.decode()
    assert page.index(asked.client_code) < page.index(newer.client_code)
    assert "Safe Harbor" in page and "Justice Legal" in page  # organizations beside their services
    # Once answered, it waits on the provider again: back to newest first.
    part = asked.recipients.get()
    advocate.post(f"/referrals/{asked.pk}/recipients/{part.pk}/message/", {"text": "Nights."})
    page = advocate.get("/referrals/mine/").content.decode()
    assert page.index(newer.client_code) < page.index(asked.client_code)


def test_the_dashboard_lists_unanswered_urgent_parts_without_client_facts(coalition):
    urgent = make_referral(coalition, urgent=True)
    make_referral(coalition, services=[coalition.legal])  # not urgent
    transition(urgent.recipients.get(service=coalition.legal).pk, "accepted", actor_for(coalition.other_provider))
    page = signed_in(coalition.admin).get("/referrals/dashboard/").content.decode()
    section = page.split("Urgent referrals not yet answered", 1)[1].split("<h2>", 1)[0]
    assert "Emergency Beds — Safe Harbor" in section
    assert "Visa Clinic" not in section  # answered, and the other one is not urgent
    assert urgent.client_code not in page and urgent.note not in page


def test_the_provider_page_names_the_organization_beside_the_service(coalition):
    part = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    page = signed_in(coalition.provider).get(f"/referrals/inbox/{part.pk}/").content.decode()
    assert "Sent to Emergency Beds — Safe Harbor" in page


def test_the_audit_log_shows_client_codes_and_action_names_and_filters_by_code(coalition):
    first = make_referral(coalition, services=[coalition.shelter])
    second = make_referral(coalition, services=[coalition.legal])
    signed_in(coalition.provider).post(f"/referrals/inbox/{first.recipients.get().pk}/accept/")
    signed_in(coalition.other_provider).get(f"/referrals/inbox/{second.recipients.get().pk}/")
    admin = signed_in(coalition.admin)
    page = admin.get("/referrals/audit/").content.decode()
    body = page.split("<tbody>", 1)[1]
    assert first.client_code in body and second.client_code in body
    assert str(first.pk) not in body
    assert "Opened a referral" in body and "referral.read" not in body
    assert ">Provider<" in body
    assert "<td>Accepted</td>" in body and "<td>accepted</td>" not in body  # the status, in words

    only_first = admin.get(f"/referrals/audit/?client={first.client_code.lower()}").content.decode()
    rows = only_first.split("<tbody>", 1)[1]
    assert first.client_code in rows and second.client_code not in rows
    assert rows.count("<tr>") == AuditEvent.objects.filter(referral_id=first.pk).count()
    assert admin.get("/referrals/audit/?client=NOPE-NOPE").content.decode().count("Nothing recorded.") == 1


def test_languages_show_as_names_on_the_referral_screens(coalition):
    referral = make_referral(coalition, services=[coalition.shelter], languages=["es", "vi"])
    part = referral.recipients.get()
    for client, path in (
        (signed_in(coalition.provider), f"/referrals/inbox/{part.pk}/"),
        (signed_in(coalition.advocate), f"/referrals/{referral.pk}/"),
    ):
        page = client.get(path).content.decode()
        assert "Spanish" in page and "Vietnamese" in page
        assert ">es, vi<" not in page
    spanish = signed_in(coalition.advocate).get(f"/es/referrals/{referral.pk}/").content.decode()
    assert "Español" in spanish or "español" in spanish


# Every action the code records, as the audit log's filter and rows name it (operations, issue 16, included).
RECORDED_ACTIONS = {
    "operation.board",
    "operation.close",
    "operation.create",
    "operation.draft_news",
    "operation.hold",
    "operation.hold_release",
    "operation.report",
    "placement.create",
    "placement.juvenile_read",
    "placement.juvenile_step",
    "placement.replay",
}


def test_the_audit_log_names_the_operations_actions_in_words():
    from referrals import audit

    unnamed = sorted(action for action in RECORDED_ACTIONS if audit.action_label(action) == action)
    assert unnamed == []


def test_the_audit_log_shows_an_operation_read_in_words(coalition):
    AuditEvent.objects.create(username="coord", role="advocate", action="operation.board", detail="")
    page = signed_in(coalition.admin).get("/referrals/audit/").content.decode()
    body = page.split("<tbody>", 1)[1]
    assert "Opened an operation&#x27;s board" in body and "operation.board" not in body
