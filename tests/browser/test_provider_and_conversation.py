"""Issue 14, items 4-6 in a real Chromium, on a phone (390 px) and at a desk: the provider answers in at most two
clicks after signing in (from the notice's signed link, through password and second factor), the question and
answer on a part, and no referral screen wider than the phone, none with an axe-core violation."""

import re

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from referrals.access import actor_for
from referrals.lifecycle import create_referral, transition
from referrals.members import add_member
from referrals.models import Notification, RecipientStatus
from tests.factories import make_organization, make_service

from .axe import axe_violations, overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery-staple"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def night(site_tree, settings):
    """An advocate's urgent referral to a shelter whose provider has an authenticator app."""
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    referring = make_organization("Referring Org")
    harbor = make_organization("Safe Harbor")
    shelter = make_service(
        harbor,
        "Emergency Beds",
        needs=("emergency-shelter",),
        phone="916-555-0101",
        how_to_get_help="Come to the side door and ask for intake.",
    )
    advocate, _ = add_member("ava", "ava@referring.example", "advocate", referring, password=PASSWORD)
    provider, _ = add_member("pat", "pat@harbor.example", "provider", harbor, password=PASSWORD)
    admin, _ = add_member("cora", "cora@coalition.example", "coalition-admin", password=PASSWORD)
    referral = create_referral(
        advocate,
        referring,
        needs=["emergency-shelter"],
        service_ids=[shelter.hsds_id],
        urgent=True,
        age=19,
        languages=["es"],
        note="Arrives by bus after midnight; a long note that must wrap on a phone without pushing the page wide.",
    )
    return {"advocate": advocate, "provider": provider, "admin": admin, "referral": referral, "shelter": shelter}


def signed_in_context(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_provider_accepts_in_two_clicks_after_signing_in(browser, live_server, night, size):
    provider = night["provider"]
    device = TOTPDevice.objects.create(user=provider, name="Authenticator app", confirmed=True)
    notice = Notification.objects.get(kind="new_referral")
    link = re.search(r"/referrals/answer/\S+/", notice.body).group(0)
    part = night["referral"].recipients.get()
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    with override_settings(REQUIRE_MFA=True):
        page.goto(live_server.url + link)
        assert "/accounts/login/" in page.url
        page.fill("input[name=username]", "pat")
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/accounts/two-factor/verify/**")
        page.fill("input[name=code]", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
        page.get_by_role("button", name="Continue").click()

        # Signed in: the link has led straight to this part.
        page.wait_for_url(f"**/referrals/inbox/{part.pk}/")
        assert night["referral"].client_code in page.inner_text("h1")
        assert not overflows(page)
        assert axe_violations(page) == []
        clicks = 0

        def click(locator):
            nonlocal clicks
            locator.click()
            clicks += 1

        accept = page.get_by_role("button", name="Accept", exact=True)
        assert accept.bounding_box()["y"] < VIEWPORTS[size]["height"]  # no scrolling to find it
        click(accept)
        page.wait_for_selector(".next-steps")
    part.refresh_from_db()
    assert part.status == RecipientStatus.ACCEPTED
    assert clicks <= 2
    assert "Next steps" in page.inner_text(".next-steps")
    assert not overflows(page)
    assert axe_violations(page) == []
    context.close()


def test_question_and_answer_on_a_part(browser, live_server, night):
    part = night["referral"].recipients.get()
    phone = VIEWPORTS["phone"]
    provider_context = signed_in_context(browser, live_server, night["provider"], phone)
    provider = provider_context.new_page()
    provider.goto(f"{live_server.url}/referrals/inbox/{part.pk}/")
    provider.get_by_text("Ask the advocate for more information…").click()
    provider.get_by_label("Your question for the advocate").fill("Can she climb stairs? Our free room is upstairs.")
    provider.get_by_role("button", name="Send the question").click()
    provider.wait_for_selector(".thread__message")
    assert "Can she climb stairs?" in provider.inner_text(".thread")
    part.refresh_from_db()
    assert part.status == RecipientStatus.INFO_REQUESTED

    advocate_context = signed_in_context(browser, live_server, night["advocate"], phone)
    advocate = advocate_context.new_page()
    advocate.goto(f"{live_server.url}/referrals/mine/")
    assert "Waiting for your answer" in advocate.inner_text("main")
    advocate.get_by_role("link", name="Waiting for your answer").click()
    advocate.wait_for_selector(".thread__message")  # the referral's page has loaded (not the list being left)
    assert "They asked you for more information" in advocate.inner_text("main")
    assert "Can she climb stairs?" in advocate.inner_text(".thread")
    assert not overflows(advocate)
    assert axe_violations(advocate) == []
    advocate.get_by_label("Your answer").fill("Yes, stairs are fine.")
    advocate.get_by_role("button", name="Send answer").click()
    advocate.wait_for_selector("text=Yes, stairs are fine.")

    provider.reload()
    thread = provider.inner_text(".thread")
    assert thread.index("Can she climb stairs?") < thread.index("Yes, stairs are fine.")
    assert not overflows(provider)
    assert axe_violations(provider) == []
    provider_context.close()
    advocate_context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_referral_screen_is_wider_than_the_screen_and_axe_finds_nothing(browser, live_server, night, size):
    part = night["referral"].recipients.get()
    transition(part.pk, "accepted", actor_for(night["provider"]))
    # A second, unanswered urgent part so the dashboard's list has a row.
    create_referral(
        night["advocate"],
        night["advocate"].membership.organization,
        needs=["emergency-shelter"],
        service_ids=[night["shelter"].hsds_id],
        urgent=True,
    )
    screens = {
        night["admin"]: ["/referrals/dashboard/", "/referrals/audit/", f"/referrals/{night['referral'].pk}/"],
        night["provider"]: ["/referrals/inbox/", f"/referrals/inbox/{part.pk}/", "/referrals/profile/"],
        night["advocate"]: [f"/referrals/{night['referral'].pk}/", "/referrals/mine/"],
    }
    for user, paths in screens.items():
        context = signed_in_context(browser, live_server, user, VIEWPORTS[size])
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
            assert axe_violations(page) == [], path
        context.close()
