"""Notices go through a real SMTP server on 127.0.0.1, exactly once, and say nothing about the client."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from referrals import links
from referrals.access import actor_for
from referrals.lifecycle import expire_overdue, transition
from referrals.models import Membership, Notification
from referrals.notifications import has_pending, send_pending, send_pending_notifications

from .conftest import free_port, make_referral


def assert_says_nothing_about_the_client(message, referral, service_names=()):
    text = message["subject"] + "\n" + message["body"]
    for secret in [
        referral.note,
        referral.client_code,
        referral.postal_code,
        *service_names,
        *(n.name for n in referral.needs.all()),
    ]:
        assert secret not in text
    assert not re.search(rf"\b{referral.age}\b", text)


def test_a_new_referral_reaches_the_receiving_providers_once(coalition, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the commit enqueues the sending task
        referral = make_referral(coalition, age=47, services=[coalition.shelter])
    assert [m["to"] for m in smtp.messages] == [["pat@harbor.example"]]
    message = smtp.messages[0]
    recipient = referral.recipients.get()
    link = re.search(r"https://referrals\.example\.org/referrals/answer/(\S+)/", message["body"]).group(1)
    assert links.recipient_id_from(link) == recipient.pk  # signed, and for this part only
    assert_says_nothing_about_the_client(message, referral, ["Emergency Beds", "Referring Org"])

    send_pending_notifications.enqueue()  # a second worker run
    assert send_pending() == 0
    assert len(smtp.messages) == 1
    assert Notification.objects.get().sent_at is not None


def test_the_link_needs_a_login(coalition, smtp):
    referral = make_referral(coalition, services=[coalition.shelter])
    send_pending()
    link = re.search(r"https://referrals\.example\.org(\S+)", smtp.messages[0]["body"]).group(1)
    response = Client().get(link)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    provider = Client()
    provider.force_login(coalition.provider)
    assert referral.client_code in provider.get(link, follow=True).content.decode()


def test_without_provider_members_the_organization_address_is_used(coalition, smtp):
    Membership.objects.filter(user=coalition.other_provider).delete()
    make_referral(coalition, services=[coalition.legal])
    send_pending()
    assert [m["to"] for m in smtp.messages] == [["office@justice.example"]]


@pytest.mark.parametrize("to, reason", [("accepted", ""), ("declined", "no_capacity"), ("info_requested", "")])
def test_the_advocate_hears_about_answers_without_details(coalition, smtp, to, reason):
    referral = make_referral(coalition, services=[coalition.shelter])
    send_pending()
    smtp.messages.clear()
    transition(referral.recipients.get().pk, to, actor_for(coalition.provider), reason=reason)
    assert send_pending() == 1
    (message,) = smtp.messages
    assert message["to"] == ["ava@referring.example"]
    assert f"https://referrals.example.org/referrals/{referral.pk}/" in message["body"]
    assert_says_nothing_about_the_client(message, referral, ["Emergency Beds", "Safe Harbor"])
    assert to not in message["body"] and "capacity" not in message["body"]
    # The same plain words whatever the answer: the subject does not say accepted or declined either.
    assert message["subject"] == "A referral you sent has an update"


def test_the_advocate_hears_when_a_referral_expires(coalition, smtp):
    sent = timezone.now() - timedelta(days=5)
    make_referral(coalition, services=[coalition.shelter], now=sent)
    expire_overdue()
    send_pending()
    assert ["ava@referring.example"] in [m["to"] for m in smtp.messages]
    assert Notification.objects.filter(kind="expired", sent_at__isnull=False).count() == 1


def test_a_failed_send_is_retried_later_and_then_sent_once(coalition, smtp, settings):
    make_referral(coalition, services=[coalition.shelter])
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    assert send_pending() == 0
    notice = Notification.objects.get()
    assert notice.sent_at is None and notice.attempts == 1 and notice.last_error
    settings.EMAIL_PORT = real_port
    assert send_pending() == 1 and send_pending() == 0
    assert len(smtp.messages) == 1


def test_a_notice_the_server_keeps_refusing_stops_after_the_limit(coalition, smtp, settings):
    make_referral(coalition, services=[coalition.shelter])
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    smtp.refuse = True  # the server answers, and refuses this message
    assert has_pending()  # the worker's cheap check: there is something to send
    send_pending()
    send_pending()
    notice = Notification.objects.get()
    assert notice.failed and notice.attempts == 2
    assert not has_pending()  # given up: the worker stops trying
    smtp.refuse = False
    assert send_pending() == 0 and smtp.messages == []


def test_nothing_is_pending_once_every_notice_is_sent(coalition, smtp):
    assert not has_pending()
    make_referral(coalition, services=[coalition.shelter])
    assert has_pending()
    assert send_pending() == 1
    assert not has_pending()


def test_a_long_mail_server_outage_loses_no_notice(coalition, smtp, settings):
    """However many runs fail because nothing answers, each notice still goes out once when it returns."""
    make_referral(coalition, services=[coalition.shelter])
    make_referral(coalition, services=[coalition.shelter])
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT, settings.NOTIFICATION_MAX_ATTEMPTS = free_port(), 2
    for _ in range(5):
        assert send_pending() == 0
    assert not Notification.objects.filter(failed=True).exists()
    settings.EMAIL_PORT = real_port
    assert send_pending() == 2 and send_pending() == 0
    assert len(smtp.messages) == 2


def test_a_change_that_rolls_back_leaves_no_notice(coalition, smtp):
    from django.db import transaction

    from referrals.models import Referral

    with pytest.raises(RuntimeError), transaction.atomic():
        make_referral(coalition, services=[coalition.shelter])
        raise RuntimeError("the request failed after the referral was written")
    assert not Referral.objects.exists() and not Notification.objects.exists()
    assert send_pending() == 0 and smtp.messages == []


def every_client_fact(referral, pii) -> list[str]:
    """Everything about the client that a notice must not carry: the referral's facts, codes and labels alike."""
    from directory.models import Language

    languages = [lang.name for lang in Language.objects.filter(code__in=referral.languages)]
    return [
        referral.note,
        referral.client_code,
        referral.postal_code,
        str(referral.age),
        referral.gender,
        referral.get_gender_display(),
        referral.trafficking_type,
        referral.get_trafficking_type_display(),
        *referral.languages,
        *languages,
        *(n.code for n in referral.needs.all()),
        *(n.name for n in referral.needs.all()),
        *(r.service.title for r in referral.recipients.select_related("service")),
        *pii.values(),
    ]


def test_no_notice_of_any_kind_carries_any_client_fact_or_detail(coalition, smtp, settings):
    """New referral, accepted, declined, info requested, expired: subject and body, every fact, every detail."""
    from cryptography.fernet import Fernet

    from directory.models import Need
    from referrals.privacy import save_pii

    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    pii = {
        "name": "Marisol Ortega-Vance",
        "phone": "916-555-0187",
        "email": "marisol.ov@mail.example",
        "address": "77 Quarry Road",
        "safe_contact": "Text only after 9pm, say it is the pharmacy",
    }
    referral = make_referral(
        coalition,
        services=[coalition.shelter, coalition.legal],
        age=63,
        gender="transgender-nonbinary",
        languages=["vi", "pt"],
        trafficking_type="sex",
        postal_code="95838",
        note="Quokka marmalade: prefers evenings",
    )
    referral.needs.add(*Need.objects.filter(code="legal-immigration"))
    save_pii(referral, pii)
    shelter, legal = referral.recipients.order_by("service__title")
    transition(shelter.pk, "info_requested", actor_for(coalition.provider))
    transition(shelter.pk, "accepted", actor_for(coalition.provider))
    transition(legal.pk, "declined", actor_for(coalition.other_provider), reason="no_capacity")
    late = make_referral(
        coalition,
        services=[coalition.shelter],
        now=timezone.now() - timedelta(days=5),
        age=63,
        gender="transgender-nonbinary",
        languages=["vi"],
        trafficking_type="sex",
        postal_code="95838",
        note="Quokka marmalade again",
    )
    expire_overdue()
    send_pending()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"new_referral", "accepted", "declined", "info_requested", "expired"} <= kinds, kinds
    assert len(smtp.messages) == Notification.objects.count() >= 6
    facts = [f for f in every_client_fact(referral, pii) + every_client_fact(late, {}) if f]
    assert {"63", "sex", "95838", "vi", "legal-immigration", "Marisol Ortega-Vance"} <= set(facts)
    for message in smtp.messages:
        for where in ("subject", "body"):
            text = message[where]
            for fact in facts:
                if len(fact) <= 3:  # short codes and numbers: as whole words only
                    assert not re.search(rf"(?<![\w/-]){re.escape(fact)}(?![\w/-])", text, re.IGNORECASE), (
                        fact,
                        where,
                        text,
                    )
                else:
                    assert fact.lower() not in text.lower(), (fact, where, text)
