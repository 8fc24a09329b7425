"""A survivor on a shared phone must be able to leave the site at once: by the button or three Shifts."""

import pytest
from django.test import override_settings

from tests.factories import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def exit_target(live_server):
    # A neutral page on this same test server stands in for the outside site (the network is closed).
    with override_settings(QUICK_EXIT_URL=f"{live_server.url}/static/css/site.css?left"):
        yield f"{live_server.url}/static/css/site.css?left"


def test_exit_button_leaves_and_replaces_history(page, live_server, exit_target):
    service = make_service(title="Night Shelter", needs=["emergency-shelter"])
    page.goto(live_server.url + "/")
    page.goto(live_server.url + service.url)
    assert page.locator("h1").inner_text() == "Night Shelter"
    page.locator("a[data-quick-exit-link]").click()
    page.wait_for_url(exit_target)
    assert page.url == exit_target
    # The service page was replaced in the history: going back lands on the page before it.
    page.go_back()
    assert page.url == live_server.url + "/"


def test_three_shift_presses_leave_the_page(page, live_server, exit_target):
    make_service(title="Night Shelter", needs=["emergency-shelter"])
    page.goto(live_server.url + "/directory/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_target)
    assert page.url == exit_target


def test_two_shift_presses_do_nothing(page, live_server, exit_target):
    make_service(title="Night Shelter", needs=["emergency-shelter"])
    page.goto(live_server.url + "/directory/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/directory/"


def test_exit_link_works_without_javascript(browser, live_server, exit_target):
    make_service(title="Night Shelter", needs=["emergency-shelter"])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    link = page.locator("a[data-quick-exit-link]")
    assert link.get_attribute("href") == exit_target  # a plain link does the work
    link.click()
    page.wait_for_url(exit_target, timeout=10_000)
    assert page.url == exit_target
    context.close()
