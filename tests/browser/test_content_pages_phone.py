"""The public content pages (standard, news index and article, events index and event) on a 390 px phone:
nothing wider than the screen and no accessibility violations axe-core can find, in English and Spanish.
(The axe test of every page type is extended for both languages elsewhere; these are the page types' entries.)"""

import pytest

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTENT_PAGES = ["/about/", "/recognise-the-signs/", "/news/", "/events/"]


@pytest.fixture
def demo_pages(site_tree, settings):
    from content.demo import load_demo_content

    settings.ELASTICSEARCH_URL = ""
    pages = load_demo_content()
    return CONTENT_PAGES + [pages["release"].url, pages["upcoming_event"].url, pages["past_event"].url]


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_content_pages_fit_a_phone_and_pass_axe(page, live_server, demo_pages, prefix):
    for path in demo_pages:
        page.goto(live_server.url + prefix + path)
        assert page.locator("h1").count() == 1, path
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), path
        assert axe_violations(page) == [], path
