"""The public's search on a 390 px phone in a real Chromium: results first, a search lands on them, a bad
ZIP said beside its field, nothing left in the history, quick exit by touch, and no axe-core violations."""

import pytest
from django.test import override_settings

from tests.factories import make_organization, make_service

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listings(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    downtown = make_organization(title="Harbor House", postal_code="95814")
    folsom = make_organization(title="Folsom Haven", postal_code="95630")
    make_service(
        downtown,
        title="Harbor Night Shelter",
        needs=["emergency-shelter"],
        languages=["en", "es"],
        summary="Beds tonight.",
    )
    make_service(folsom, title="Folsom Family Shelter", needs=["emergency-shelter"], summary="Rooms for families.")
    make_service(downtown, title="Harbor Legal Clinic", needs=["legal-immigration"], summary="Visa help.")


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def search_from_the_form(page, live_server, words, zip_code=""):
    page.goto(live_server.url + "/search/")
    page.fill("#search-q", words)
    if zip_code:
        page.fill("#search-zip", zip_code)
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_load_state("load")


def test_results_come_first_and_a_search_lands_on_them(page, live_server, listings):
    search_from_the_form(page, live_server, "albergue", "95630")
    first_card = box(page, ".search-results .card")
    filters = box(page, "details.search-filters")
    assert box(page, "#search-q")["y"] < box(page, "#search-zip")["y"] + 1
    assert first_card["y"] < filters["y"]
    # Landed on the results: the count is at the top of the screen, the first card within it.
    count = page.locator(".search-results .lead")
    assert count.inner_text().startswith("2 services found.")
    assert page.evaluate("() => window.scrollY") > 0
    viewport = page.viewport_size["height"]
    assert 0 <= count.bounding_box()["y"] < 120 and first_card["y"] - page.evaluate("() => window.scrollY") < viewport
    # The filters are folded on a phone and say how many are active.
    assert not page.locator("details.search-filters").evaluate("d => d.open")
    assert "(0 active)" in page.locator("details.search-filters summary").inner_text()
    page.locator("details.search-filters summary").click()
    page.get_by_label("Open now").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("load")
    assert "(1 active)" in page.locator("details.search-filters summary").inner_text()
    assert axe_violations(page) == []


def test_a_bad_zip_is_said_beside_the_field_with_no_pretend_sorted_list(page, live_server, listings):
    search_from_the_form(page, live_server, "shelter", "9582")
    error = page.locator("#search-zip-error")
    assert error.is_visible() and error.inner_text() == "This is not a US ZIP code we know."
    zip_box, error_box = box(page, "#search-zip"), error.bounding_box()
    assert 0 <= error_box["y"] - (zip_box["y"] + zip_box["height"]) < 40
    assert page.locator(".search-results .card.service-card").count() == 0
    assert page.get_by_role("heading", name="Check the ZIP code").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Search without a ZIP code").click()
    page.wait_for_load_state("load")
    assert page.locator(".search-results .card.service-card").count() == 2


def test_the_history_keeps_no_words_or_zip(page, live_server, listings):
    page.goto(live_server.url + "/")
    search_from_the_form(page, live_server, "refugio", "95814")
    assert page.url == live_server.url + "/search/"  # the address bar: no words, no ZIP
    assert page.locator(".search-results .card").count() == 2  # the results stay on screen
    page.goto(live_server.url + "/directory/")
    page.go_back()
    assert page.url == live_server.url + "/search/"  # the history entry was replaced too
    # The need pages forget the ZIP the same way.
    page.goto(live_server.url + "/directory/needs/emergency-shelter/?zip=95630")
    assert page.url == live_server.url + "/directory/needs/emergency-shelter/"
    assert page.locator(".card__title").first.inner_text() == "Folsom Family Shelter"


def test_need_tiles_carry_the_zip_to_the_need_page(page, live_server, listings):
    page.goto(live_server.url + "/es/")
    page.fill("#home-zip", "95630")
    page.locator("button[formaction$='/needs/emergency-shelter/#services']").click()
    page.wait_for_load_state("load")
    assert page.url == live_server.url + "/es/directory/needs/emergency-shelter/"
    assert page.locator("#need-zip").input_value() == "95630"
    assert page.locator(".card__title").first.inner_text() == "Folsom Family Shelter"
    assert axe_violations(page) == []


def test_without_javascript_the_search_still_works_and_the_url_stays(browser, live_server, listings):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    search_from_the_form(page, live_server, "sheltr")
    assert "q=sheltr" in page.url and page.url.endswith("#results")
    assert page.locator(".search-results .card").count() == 2
    context.close()


@pytest.fixture
def touch_phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_quick_exit_by_touch_and_no_shift_hint_without_a_keyboard(touch_phone, live_server, listings):
    target = f"{live_server.url}/static/css/site.css?left"
    with override_settings(QUICK_EXIT_URL=target):
        touch_phone.goto(live_server.url + "/")
        touch_phone.goto(live_server.url + "/browse-safely/")
        assert not touch_phone.locator(".quick-exit__hint").is_visible()
        assert touch_phone.get_by_role("link", name="Browse safely").first.is_visible()
        assert axe_violations(touch_phone) == []
        touch_phone.get_by_role("link", name="Exit this page").tap()
        touch_phone.wait_for_url(target)
        touch_phone.go_back()
        assert touch_phone.url == live_server.url + "/"  # the exited page was replaced in the history


def test_shift_hint_shows_with_a_keyboard(page, live_server, listings):
    page.goto(live_server.url + "/es/browse-safely/")
    assert page.locator(".quick-exit__hint").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Navegar con seguridad"


def test_type_ahead_offers_names_without_touching_the_url(page, live_server, listings):
    page.goto(live_server.url + "/es/search/")
    requests = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    page.fill("#search-q", "harb")
    page.wait_for_function("() => document.querySelectorAll('#search-suggestions option').length === 3")
    options = page.eval_on_selector_all("#search-suggestions option", "els => els.map(e => e.value)")
    assert options == ["Harbor House", "Harbor Legal Clinic", "Harbor Night Shelter"]
    assert ("POST", live_server.url + "/es/search/suggest/") in requests
    assert not any("harb" in url for _method, url in requests)
    assert page.url == live_server.url + "/es/search/"
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
