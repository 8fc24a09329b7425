"""A resource list on a 390 px phone: collected from search results and a service page, kept only in the
browser, printed with names, phones, where and hours, shared by a link that opens anywhere."""

import pytest

from directory.models import Location
from tests.factories import make_organization, make_service

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listings(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    refuge = make_organization(
        title="Harbor Refuge",
        phone="916-555-0142",
        locations=[
            Location(name="Shelter", address_1="12 Hidden Lane", postal_code="95817", confidential_address=True)
        ],
    )
    make_service(refuge, title="Harbor Night Shelter", needs=["emergency-shelter"], intake_24_7=True)
    return make_service(
        make_organization(title="Open Door", phone="916-555-0100"),
        title="Walk-in Clinic",
        needs=["medical"],
        schedules=[(0, "09:00", "17:00")],
    )


def test_collect_print_and_share_a_list(page, browser, live_server, listings):
    page.goto(live_server.url + "/search/?q=shelter")
    page.get_by_role("button", name="Add to my list").first.click()
    assert page.get_by_role("button", name="In my list (remove)").count() == 1
    page.goto(live_server.url + listings.url)
    page.get_by_role("button", name="Add to my list").click()
    page.goto(live_server.url + "/list/")
    page.wait_for_selector(".list-item")
    assert page.locator(".list-item .card__title").all_inner_texts() == ["Harbor Night Shelter", "Walk-in Clinic"]
    assert axe_violations(page) == []

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".quick-exit").is_visible()
    assert not page.get_by_role("button", name="Share this list").is_visible()
    printed = page.locator("main").inner_text()
    for fact in [
        "916-555-0142",
        "Confidential location, call first.",
        "Open 24 hours a day",
        "916-555-0100",
        "Monday 09:00",
    ]:
        assert fact in printed
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Share this list").click()
    page.wait_for_url("**/list/s/**")
    shared_url = page.url
    assert page.locator(".list-share__qr svg").count() == 1
    assert len(page.locator("#share-text").input_value()) < 480
    assert axe_violations(page) == []
    # The link opens in a browser with no list and no account.
    other = browser.new_context(viewport={"width": 390, "height": 844})
    stranger = other.new_page()
    stranger.goto(shared_url)
    assert stranger.locator(".list-item .card__title").all_inner_texts() == ["Harbor Night Shelter", "Walk-in Clinic"]
    assert stranger.evaluate("() => localStorage.length") == 0
    other.close()
