"""An advocate at 2 a.m. on a phone (and at a desk): from a blank new-referral form to a sent referral in at most
eight taps, nothing wider than the screen, and no accessibility violations that axe-core can find."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from referrals.members import add_member
from referrals.models import Referral
from tests.factories import make_organization, make_service

from .axe import overflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SENT = re.compile(r"/referrals/[0-9a-f-]{36}/")  # the timeline (the form's #matches may ride along)
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def advocate_page(browser, live_server, site_tree):
    def open_as_advocate(viewport, javascript=True):
        referring = make_organization("Referring Org")
        harbor = make_organization("Safe Harbor", postal_code="95814")
        make_service(
            harbor,
            "Youth Emergency Shelter",
            needs=("emergency-shelter",),
            minimum_age=12,
            maximum_age=17,
            intake_24_7=True,
            phone="916-555-0142",
        )
        make_service(harbor, "Family Shelter Rooms", needs=("emergency-shelter",))
        advocate, _ = add_member("ava", "ava@referring.example", "advocate", referring)
        client = Client()
        client.force_login(advocate)
        # The CSP forbids injected scripts; only this test's context bypasses it, to run axe-core.
        context = browser.new_context(viewport=viewport, bypass_csp=True, java_script_enabled=javascript)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return context, context.new_page()

    return open_as_advocate


def axe_violations(page) -> list[dict]:
    page.wait_for_load_state()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]} for v in json.loads(result)["violations"]]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_from_a_blank_form_to_a_sent_referral_in_at_most_eight_taps(advocate_page, live_server, size):
    context, page = advocate_page(VIEWPORTS[size])
    page.goto(live_server.url + "/referrals/new/")
    assert axe_violations(page) == []
    assert not overflows(page)
    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.get_by_role("checkbox", name="Emergency shelter", exact=True))
    page.locator("#id_age").fill("16")  # typing, not a tap
    tap(page.get_by_role("button", name="Find services"))

    # The matches are right there, without scrolling back past the form.
    matches = page.locator("#matches")
    box = matches.bounding_box()
    assert 0 <= box["y"] < VIEWPORTS[size]["height"] / 2
    first = page.locator(".match-card").first
    assert "Safe Harbor" in first.inner_text() and "Youth Emergency Shelter" in first.inner_text()
    assert "Serves ages 12-17 only" in first.inner_text() and "24/7 intake" in first.inner_text()
    assert "guardian" in first.inner_text()
    assert not overflows(page)
    assert axe_violations(page) == []

    tap(first.locator("input[name=services]"))
    tap(page.get_by_role("button", name="Send referral to the chosen services"))

    page.wait_for_url(SENT)
    assert "Referral sent" in page.content()
    assert taps <= 8
    referral = Referral.objects.get()
    assert [r.service.title for r in referral.recipients.all()] == ["Youth Emergency Shelter"]
    context.close()


def test_the_form_and_the_matches_work_without_javascript(advocate_page, live_server):
    context, page = advocate_page(VIEWPORTS["phone"], javascript=False)
    page.goto(live_server.url + "/referrals/new/")
    page.get_by_role("checkbox", name="Emergency shelter", exact=True).click()
    page.get_by_role("button", name="Find services").click()
    page.locator(".match-card input[name=services]").first.click()
    page.get_by_role("button", name="Send referral to the chosen services").click()
    page.wait_for_url(SENT)
    assert Referral.objects.count() == 1
    context.close()
