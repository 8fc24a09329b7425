"""Issue 14, items 4 and 5: the provider's signed link, the conversation on a part, next steps after acceptance,
and lowering the free places while accepting."""

import re
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core import signing
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import CapacityChange, ServicePage
from referrals import crypto, links
from referrals.models import AuditEvent, Membership, Notification, RecipientMessage, RecipientStatus, ReferralSecret
from referrals.privacy import purge_closed

from .conftest import make_referral

QUESTION = "Does she need a room on the ground floor? Any allergies?"
ANSWER = "Ground floor please; no known allergies."


@pytest.fixture(autouse=True)
def _master_key(settings):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def part(coalition):
    return make_referral(coalition, services=[coalition.shelter]).recipients.get()


# --- Item 4: the signed link ---------------------------------------------------------------------------


def _link_of(notice: Notification) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", notice.body).group(1)


def test_the_new_referral_notice_links_with_a_signed_single_purpose_token(coalition, part):
    path = _link_of(Notification.objects.get(kind="new_referral"))
    token = re.fullmatch(r"/referrals/answer/([^/]+)/", path).group(1)
    assert links.recipient_id_from(token) == part.pk
    # Only the part's opaque id is signed: nothing about the client.
    assert signing.loads(token, salt=links.SALT) == str(part.pk)
    # The same value signed for another purpose does not open it.
    assert links.recipient_id_from(signing.dumps(str(part.pk), salt="something-else")) is None


def test_the_link_leads_through_sign_in_and_second_factor_straight_to_the_part(coalition, part):
    coalition.provider.set_password("correct-horse-battery-staple")
    coalition.provider.save()
    device = TOTPDevice.objects.create(user=coalition.provider, name="app", confirmed=True)
    path = _link_of(Notification.objects.get(kind="new_referral"))
    client = Client()
    with override_settings(REQUIRE_MFA=True):
        to_login = client.get(path)
        assert to_login.status_code == 302 and to_login["Location"].startswith("/accounts/login/")
        login_next = re.search(r"next=([^&]+)", to_login["Location"]).group(1)
        to_verify = client.post(
            "/accounts/login/",
            {"username": "pat", "password": "correct-horse-battery-staple", "next": path},
        )
        assert "/accounts/two-factor/verify/" in to_verify["Location"] and login_next
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        back = client.post(to_verify["Location"], {"code": code})
        assert back["Location"] == path
        part_page = client.get(path)
        assert part_page["Location"] == f"/referrals/inbox/{part.pk}/"
        page = client.get(part_page["Location"]).content.decode()
    assert part.referral.client_code in page
    assert f'action="/referrals/inbox/{part.pk}/accept/"' in page


def test_an_expired_or_forged_link_goes_to_the_inbox(coalition, part, settings):
    client = signed_in(coalition.provider)
    token = links.answer_token(part)
    settings.REFERRAL_ANSWER_LINK_DAYS = 0
    expired = client.get(f"/referrals/answer/{token}/")
    assert expired["Location"] == "/referrals/inbox/"
    settings.REFERRAL_ANSWER_LINK_DAYS = 14
    assert client.get(f"/referrals/answer/{token}x/")["Location"] == "/referrals/inbox/"
    assert client.get(f"/referrals/answer/{token}/")["Location"] == f"/referrals/inbox/{part.pk}/"


def test_another_organizations_provider_gets_nowhere_with_the_link(coalition, part):
    client = signed_in(coalition.other_provider)
    response = client.get(f"/referrals/answer/{links.answer_token(part)}/", follow=True)
    assert response.status_code == 404


def test_decline_preselects_no_reason(coalition, part):
    page = signed_in(coalition.provider).get(f"/referrals/inbox/{part.pk}/").content.decode()
    select = re.search(r'<select name="reason"[^>]*>(.*?)</select>', page, re.S).group(1)
    selected = re.findall(r'<option value="([^"]*)"[^>]*selected', select)
    assert selected in ([], [""]) and "no_capacity" in select


# --- Item 5: the conversation ----------------------------------------------------------------------------


def test_asking_for_information_needs_a_question(coalition, part):
    client = signed_in(coalition.provider)
    client.post(f"/referrals/inbox/{part.pk}/request-info/", {"question": "   "})
    part.refresh_from_db()
    assert part.status == RecipientStatus.SENT and not RecipientMessage.objects.exists()


def test_question_and_answer_form_an_encrypted_thread_with_notices_that_say_nothing(coalition, part):
    provider, advocate = signed_in(coalition.provider), signed_in(coalition.advocate)
    Notification.objects.all().delete()
    provider.post(f"/referrals/inbox/{part.pk}/request-info/", {"question": QUESTION})
    part.refresh_from_db()
    assert part.status == RecipientStatus.INFO_REQUESTED
    stored = RecipientMessage.objects.get()
    assert stored.author_role == "provider" and QUESTION not in stored.ciphertext and "ground" not in stored.ciphertext

    detail = advocate.get(f"/referrals/{part.referral_id}/").content.decode()
    assert "Ground floor" not in detail and "Does she need a room on the ground floor?" in detail
    assert "They asked you for more information" in detail
    mine = advocate.get("/referrals/mine/").content.decode()
    assert "Waiting for your answer" in mine

    advocate.post(f"/referrals/{part.referral_id}/recipients/{part.pk}/message/", {"text": ANSWER})
    page = provider.get(f"/referrals/inbox/{part.pk}/").content.decode()
    assert page.index("Does she need a room") < page.index(ANSWER)
    assert "Waiting for your answer" not in advocate.get("/referrals/mine/").content.decode()

    # One notice per message side (the question's rides on the status change), none with the text in it.
    notices = list(Notification.objects.order_by("created_at"))
    assert [n.kind for n in notices] == ["info_requested", "message"]
    assert notices[1].to == ["pat@harbor.example"]
    for notice in notices:
        assert "floor" not in notice.body and "allergies" not in notice.body and "floor" not in notice.subject
    # Each message written is recorded once; each read of a thread too.
    assert AuditEvent.objects.filter(action="message.post").count() == 2
    assert AuditEvent.objects.filter(action="message.read", recipient_id=part.pk).count() == 2


def test_only_the_two_sides_write_and_read(coalition, part):
    signed_in(coalition.provider).post(f"/referrals/inbox/{part.pk}/request-info/", {"question": QUESTION})
    other = signed_in(coalition.other_advocate)
    assert other.get(f"/referrals/{part.referral_id}/").status_code == 404
    other.post(f"/referrals/{part.referral_id}/recipients/{part.pk}/message/", {"text": "hi"})
    lee = signed_in(coalition.other_provider)
    assert lee.post(f"/referrals/inbox/{part.pk}/message/", {"text": "hi"}).status_code == 404
    admin_page = signed_in(coalition.admin).get(f"/referrals/{part.referral_id}/").content.decode()
    assert "Does she need a room" not in admin_page
    assert RecipientMessage.objects.count() == 1


def test_messages_survive_key_rotation_and_die_with_the_purge(coalition, part, settings):
    signed_in(coalition.provider).post(f"/referrals/inbox/{part.pk}/request-info/", {"question": QUESTION})
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode(), *settings.REFERRAL_MASTER_KEYS]
    assert crypto.rotate().rewrapped == 1
    assert crypto.decrypt_texts(part.referral, [RecipientMessage.objects.get().ciphertext]) == [QUESTION]

    declined = {"reason": "no_capacity", "confirm": "yes"}
    signed_in(coalition.provider).post(f"/referrals/inbox/{part.pk}/decline/", declined)
    settings.REFERRAL_RETENTION_DAYS = 0
    assert purge_closed() == [part.referral_id]
    assert RecipientMessage.objects.get().ciphertext == ""
    assert ReferralSecret.objects.get().wrapped_key == ""
    page = signed_in(coalition.advocate).get(f"/referrals/{part.referral_id}/").content.decode()
    assert "Does she need a room" not in page and "destroyed with the client details" in page


# --- Item 5: next steps and the free places ----------------------------------------------------------------


def test_after_acceptance_both_sides_see_how_to_reach_the_other(coalition, part):
    ServicePage.objects.filter(pk=coalition.shelter.pk).update(
        how_to_get_help="Come to the side door; ask for intake.", phone="916-555-0101"
    )
    advocate = signed_in(coalition.advocate)
    advocate.post("/referrals/profile/", {"callback_phone": "916-555-0199"})
    assert Membership.objects.get(user=coalition.advocate).callback_phone == "916-555-0199"
    provider = signed_in(coalition.provider)
    before = provider.get(f"/referrals/inbox/{part.pk}/").content.decode()
    assert "916-555-0199" not in before
    provider.post(f"/referrals/inbox/{part.pk}/accept/", {"places_free": ""})
    after = provider.get(f"/referrals/inbox/{part.pk}/").content.decode()
    assert 'href="tel:916-555-0199"' in after and "Next steps" in after
    detail = advocate.get(f"/referrals/{part.referral_id}/").content.decode()
    assert "Come to the side door; ask for intake." in detail and 'href="tel:916-555-0101"' in detail
    assert not CapacityChange.objects.exists()  # no number given, availability untouched


def test_accepting_can_lower_the_free_places_through_update_availability(coalition, part):
    provider = signed_in(coalition.provider)
    provider.post(f"/referrals/inbox/{part.pk}/accept/", {"places_free": "2"})
    part.refresh_from_db()
    service = ServicePage.objects.get(pk=coalition.shelter.pk)
    assert part.status == RecipientStatus.ACCEPTED and service.places_free == 2
    change = CapacityChange.objects.get()
    assert change.new_places_free == 2 and change.changed_by == coalition.provider
    assert service.capacity_updated_at is not None
    assert AuditEvent.objects.filter(action="service.availability", recipient_id=part.pk).count() == 1


def test_a_bad_number_of_places_refuses_the_accept(coalition, part):
    signed_in(coalition.provider).post(f"/referrals/inbox/{part.pk}/accept/", {"places_free": "-3"})
    part.refresh_from_db()
    assert part.status == RecipientStatus.SENT and not CapacityChange.objects.exists()


def test_the_answer_link_is_not_older_than_its_limit(coalition, part, settings):
    assert links.max_age() == timedelta(days=settings.REFERRAL_ANSWER_LINK_DAYS)


# --- The same through the JSON API, and the provider's inbox ------------------------------------------------


def test_the_api_asks_with_a_question_and_carries_the_thread(coalition, part):
    from .conftest import bearer_client

    base = f"/api/referrals/{part.referral_id}/recipients/{part.pk}"
    provider, advocate = bearer_client(coalition.provider), bearer_client(coalition.advocate)
    bare = provider.post(f"{base}/transition", {"to": "info_requested"}, content_type="application/json")
    assert bare.status_code == 400 and "question" in bare.json()["error"]["fields"]
    asked = provider.post(
        f"{base}/transition", {"to": "info_requested", "question": QUESTION}, content_type="application/json"
    )
    assert asked.status_code == 200 and asked.json()["status"] == "info_requested"
    answered = advocate.post(f"{base}/messages", {"text": ANSWER}, content_type="application/json")
    assert answered.status_code == 201 and answered.json()["text"] == ANSWER
    thread = provider.get(f"{base}/messages").json()["messages"]
    assert [(m["author_role"], m["text"]) for m in thread] == [("provider", QUESTION), ("advocate", ANSWER)]
    assert bearer_client(coalition.other_provider).get(f"{base}/messages").status_code == 404
    assert bearer_client(coalition.other_advocate).get(f"{base}/messages").status_code == 404


def test_the_inbox_brings_back_a_part_the_advocate_answered(coalition, part):
    newer = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    provider = signed_in(coalition.provider)
    provider.post(f"/referrals/inbox/{part.pk}/request-info/", {"question": QUESTION})
    provider.get(f"/referrals/inbox/{newer.pk}/")  # opened, so not "new"
    page = provider.get("/referrals/inbox/").content.decode()
    assert page.index(newer.referral.client_code) < page.index(part.referral.client_code)
    signed_in(coalition.advocate).post(f"/referrals/{part.referral_id}/recipients/{part.pk}/message/", {"text": ANSWER})
    page = provider.get("/referrals/inbox/").content.decode()
    assert "The advocate answered" in page
    assert page.index(part.referral.client_code) < page.index(newer.referral.client_code)


def test_the_api_accepts_with_the_places_free(coalition, part):
    from .conftest import bearer_client

    url = f"/api/referrals/{part.referral_id}/recipients/{part.pk}/transition"
    provider = bearer_client(coalition.provider)
    refused = provider.post(url, {"to": "accepted", "places_free": "two"}, content_type="application/json")
    assert refused.status_code == 400 and "places_free" in refused.json()["error"]["fields"]
    accepted = provider.post(url, {"to": "accepted", "places_free": 1}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert ServicePage.objects.get(pk=coalition.shelter.pk).places_free == 1
