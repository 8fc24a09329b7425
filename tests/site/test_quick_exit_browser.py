"""The GOV.UK-style behaviour of the exit control in a real Chromium: overlay, Shift counting, modifiers."""

import json

import pytest
from django.test import override_settings

from tests.factories import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def exit_target(live_server):
    target = f"{live_server.url}/static/css/site.css?left"
    with override_settings(QUICK_EXIT_URL=target):
        yield target


@pytest.fixture
def stalled_exit(live_server, page):
    """An exit target that never answers, so the page can be inspected while the neutral site 'loads'."""
    target = f"{live_server.url}/static/css/site.css?stalled"
    page.route("**/site.css?stalled", lambda route: None)
    with override_settings(QUICK_EXIT_URL=target):
        yield target


RECORD_OVERLAY = """
new MutationObserver(() => {
    const overlay = document.querySelector(".quick-exit__overlay");
    if (overlay && overlay.textContent) {
        sessionStorage.setItem("overlay", JSON.stringify({
            role: overlay.getAttribute("role"),
            text: overlay.textContent,
            headingShown: document.querySelector("h1").getClientRects().length > 0,
        }));
    }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_activating_exit_hides_the_page_under_a_loading_overlay(page, live_server, exit_target):
    service = make_service(title="Night Shelter")
    # The overlay lasts only until the neutral site loads: record what it looked like, then read the record
    # from the neutral page (same origin here, so the tab's sessionStorage carries over).
    page.add_init_script(RECORD_OVERLAY)
    page.goto(live_server.url + service.url)
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(exit_target)
    recorded = json.loads(page.evaluate("() => sessionStorage.getItem('overlay')"))
    assert recorded == {"role": "alert", "text": "Loading.", "headingShown": False}


def test_shift_presses_are_counted_and_announced(page, live_server, stalled_exit, site_tree):
    page.goto(live_server.url + "/es/")
    page.keyboard.press("Shift")
    assert page.locator(".quick-exit__light--on").count() == 1
    assert page.get_by_role("status").inner_text() == "Mayús: pulse 2 veces más para salir."
    page.keyboard.press("Shift")
    assert page.locator(".quick-exit__light--on").count() == 2


def test_shift_used_to_type_capitals_does_not_exit(page, live_server, stalled_exit, site_tree):
    page.goto(live_server.url + "/directory/")
    page.get_by_role("searchbox").click()
    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.wait_for_timeout(300)
    assert page.locator(".quick-exit__overlay").count() == 0
    assert page.url == live_server.url + "/directory/"


def test_the_shortcut_hint_shows_only_when_the_script_runs(browser, live_server, site_tree):
    context = browser.new_context(java_script_enabled=False)
    no_script = context.new_page()
    no_script.goto(live_server.url + "/")
    assert not no_script.locator(".quick-exit__hint").is_visible()
    assert no_script.get_by_role("link", name="Exit this page").is_visible()
    context.close()
