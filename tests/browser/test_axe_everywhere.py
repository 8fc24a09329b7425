"""Every public page type and every member screen our templates render, in English and Spanish, at 390 px:
0 axe-core violations at any impact (WCAG 2.1 A/AA and best practice, `region` included), the page's
landmarks and its one top-level heading as the browser's accessibility tree reports them, and the first
keyboard stops: the skip link, then into the main content.

SCREENS is the one table of what is checked: a page type or screen added to the site adds a row here.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.rich_text import RichText

from home.models import StandardPage
from lists.models import SharedList
from referrals.members import add_member
from tests.factories import make_organization, make_service, translate
from tests.referrals.conftest import make_referral

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@dataclass
class Screen:
    name: str
    path: Callable  # (site data) -> path of the English page; the Spanish one is under /es
    who: str = ""  # "" (anyone), "advocate", "provider" or "admin"


SCREENS = [
    # Public pages, by page type or view.
    Screen("home page", lambda d: "/"),
    Screen("directory index", lambda d: "/directory/"),
    Screen("need listing", lambda d: "/directory/needs/emergency-shelter/"),
    Screen("organization page", lambda d: d["organization"].url),
    Screen("service page", lambda d: d["service"].url),
    Screen("service page with a Spanish version", lambda d: d["translated"].url),
    Screen("standard page", lambda d: d["standard"].url),
    Screen("search results", lambda d: "/search/?q=beds"),
    Screen("search with nothing found", lambda d: "/search/?q=xylophone"),
    Screen("browse safely", lambda d: "/browse-safely/"),
    Screen("my list", lambda d: "/list/"),
    Screen("shared list", lambda d: reverse("lists:shared_list", kwargs={"token": d["shared_list"].token})),
    Screen("sign in", lambda d: "/accounts/login/"),
    Screen("password reset", lambda d: "/accounts/password/reset/"),
    # Member screens.
    Screen("second factor setup", lambda d: "/accounts/two-factor/setup/", "advocate"),
    Screen("new referral", lambda d: "/referrals/new/", "advocate"),
    Screen("my referrals", lambda d: "/referrals/mine/", "advocate"),
    Screen("referral", lambda d: f"/referrals/{d['referral'].pk}/", "advocate"),
    Screen("inbox", lambda d: "/referrals/inbox/", "provider"),
    Screen("inbox item", lambda d: f"/referrals/inbox/{d['recipient'].pk}/", "provider"),
    Screen("coalition dashboard", lambda d: "/referrals/dashboard/", "admin"),
    Screen("audit log", lambda d: "/referrals/audit/", "admin"),
]


@pytest.fixture
def site_data(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    referring = make_organization("Referring Org (Sample)")
    organization = make_organization("Safe Harbor (Sample)", phone="916-555-0142")
    service = make_service(
        organization, "Emergency Beds", needs=("emergency-shelter",), intake_24_7=True, summary="Beds tonight."
    )
    translated = make_service(
        organization, "Visa Clinic", needs=("legal-immigration",), schedules=[(0, "09:00", "17:00")]
    )
    translate(translated, title="Clínica de Visas", summary="Ayuda con visas T y U.")
    home = site_tree.get_parent().specific
    standard = home.add_child(
        instance=StandardPage(
            title="About the coalition", slug="about", body=[("paragraph", RichText("<p>Who we are.</p>"))]
        )
    )
    standard.save_revision().publish()
    members = {
        "advocate": add_member("ava", "ava@referring.example", "advocate", referring)[0],
        "provider": add_member("pat", "pat@harbor.example", "provider", organization)[0],
        "admin": add_member("cora", "cora@coalition.example", "coalition-admin")[0],
    }

    class Coalition:  # what make_referral reads
        advocate = members["advocate"]
        referring_org = referring

    referral = make_referral(Coalition, services=[service])
    return {
        "organization": organization,
        "service": service,
        "translated": translated,
        "standard": standard,
        "shared_list": SharedList.objects.create(service_ids=[str(service.hsds_id)]),
        "referral": referral,
        "recipient": referral.recipients.get(),
        "members": members,
    }


def open_as(browser, live_server, user):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, context.new_page()


def problems_on(page) -> list:
    """What is wrong with the page as the browser sees it; empty when nothing is."""
    found = [f"axe {v['id']}: {v['nodes'][:3]}" for v in axe_violations(page)]
    for role in ("banner", "main", "contentinfo"):
        if page.get_by_role(role).count() != 1:
            found.append(f"{page.get_by_role(role).count()} {role} landmarks")
    if page.get_by_role("heading", level=1).count() != 1:
        found.append(f"{page.get_by_role('heading', level=1).count()} top-level headings")
    # Keyboard: the first stop is the skip link, and following it puts the focus in the main content.
    page.locator("body").focus()
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    if first != "#main":
        found.append(f"first Tab stop is {first!r}, not the skip link")
    else:
        page.keyboard.press("Enter")
        if not page.evaluate("() => !!document.activeElement.closest('main')"):
            found.append("the skip link does not move the focus into the main content")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_screen_passes_axe_with_landmarks_headings_and_focus_order(browser, live_server, site_data, language):
    prefix = "" if language == "en" else "/es"
    contexts = {}
    problems = {}
    try:
        for screen in SCREENS:
            if screen.who not in contexts:
                contexts[screen.who] = open_as(browser, live_server, site_data["members"].get(screen.who))
            _context, page = contexts[screen.who]
            with translation.override("en"):
                path = prefix + screen.path(site_data)
            response = page.goto(live_server.url + path)
            found = [] if response.status == 200 else [f"HTTP {response.status}"]
            if page.evaluate("() => document.documentElement.lang") != language:
                found.append("wrong page language")
            found += problems_on(page)
            if found:
                problems[f"{screen.name} ({path})"] = found
    finally:
        for context, _page in contexts.values():
            context.close()
    assert problems == {}
