"""A sting night on phones (issue 16): an on-call advocate files a placement at 390 px in under ten interactions,
and the placement form, the coordinator's board and the provider's standby screen are readable at that width
and clean under axe-core, with and without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from referrals.members import add_member
from referrals.models import Referral
from referrals.operations.models import Hold, Operation
from tests.factories import make_organization, make_service

from .axe import overflows
from .test_new_referral import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
PLACED = re.compile(r"/referrals/operations/\d+/placements/[0-9a-f-]{36}/")


@pytest.fixture
def night(site_tree):
    """An active operation with two shelters taking part, an on-call advocate, a coordinator and a provider."""
    referring = make_organization("Referring Org")
    harbor = make_organization("Safe Harbor", postal_code="95814")
    river = make_organization("River House", postal_code="95811")
    shelter = make_service(harbor, "Emergency Beds", needs=("emergency-shelter",), intake_24_7=True)
    make_service(river, "Night Rooms", needs=("emergency-shelter", "case-management"))
    advocate, _ = add_member("ava", "ava@referring.example", "advocate", referring)
    coordinator, _ = add_member("cole", "cole@referring.example", "advocate", referring)
    provider, _ = add_member("pat", "pat@harbor.example", "provider", harbor)
    now = timezone.now()
    operation = Operation.objects.create(
        name="Operation: Hot Spots",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=7),
        postal_codes=["95814"],
        coordinator=coordinator,
    )
    operation.organizations.set([harbor, river])
    operation.on_call.set([advocate])
    Hold.objects.create(
        operation=operation,
        service=shelter,
        need=shelter.needs.get(),
        places=2,
        held_by=provider,
    )
    return {"operation": operation, "advocate": advocate, "coordinator": coordinator, "provider": provider}


@pytest.fixture
def phone_as(browser, live_server):
    contexts = []

    def open_as(user, javascript=True):
        client = Client()
        client.force_login(user)
        # The CSP forbids injected scripts; only this test's context bypasses it, to run axe-core.
        context = browser.new_context(viewport=PHONE, bypass_csp=True, java_script_enabled=javascript)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_on_call_advocate_files_a_placement_in_under_ten_interactions(night, phone_as, live_server, javascript):
    page = phone_as(night["advocate"], javascript=javascript)
    page.goto(live_server.url + "/referrals/operations/")
    interactions = 0

    def tap(locator):
        nonlocal interactions
        locator.click()
        interactions += 1

    def type_into(locator, text):
        nonlocal interactions
        locator.fill(text)
        interactions += 1

    tap(page.get_by_role("link", name="File a placement"))
    if javascript:
        assert axe_violations(page) == []
    assert not overflows(page)
    tap(page.get_by_role("checkbox", name="Shelter tonight"))
    type_into(page.locator("#id_age"), "16")
    tap(page.get_by_role("button", name="Send placement").first)
    page.wait_for_url(PLACED)

    assert interactions < 10, interactions
    placement = Referral.objects.get()
    assert placement.mode == "first_accept" and placement.operation_id == night["operation"].pk
    # Sent at once to both shelters, the one holding places first.
    assert sorted(r.service.title for r in placement.recipients.all()) == ["Emergency Beds", "Night Rooms"]
    text = page.inner_text("main")
    assert placement.client_code in text and "Placement sent to 2 services" in text
    assert not overflows(page)
    if javascript:
        assert axe_violations(page) == []


def test_the_board_and_the_standby_screen_fit_a_phone_and_pass_axe(night, phone_as, live_server):
    operation = night["operation"]
    board = phone_as(night["coordinator"])
    board.goto(f"{live_server.url}/referrals/operations/{operation.pk}/board/")
    assert "Held and free places per need" in board.inner_text("main")
    assert not overflows(board)
    assert axe_violations(board) == []

    standby = phone_as(night["provider"])
    standby.goto(f"{live_server.url}/referrals/operations/{operation.pk}/standby/")
    assert "2 places held for Emergency shelter" in standby.inner_text("main")
    assert not overflows(standby)
    assert axe_violations(standby) == []
    standby.get_by_role("button", name="Release this hold").click()
    standby.wait_for_load_state()
    assert "Hold released" in standby.inner_text("main")
