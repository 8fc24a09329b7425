"""Every public page type and every member screen our templates render, in English and Spanish, at 390 px:
0 axe-core violations at any impact (WCAG 2.1 A/AA and best practice, `region` included), the page's
landmarks and its one top-level heading as the browser's accessibility tree reports them, and the first
keyboard stops: the skip link, then into the main content.

SCREENS is the one table of what is checked: a page type or screen added to the site adds a row here. A row may
also send a form or follow a link first (`then`), and check the page that leads to, error pages included.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from content.models import EventIndexPage, EventPage, NewsArticlePage, NewsIndexPage
from directory.problem_reports import issue_stamp
from directory.verification import make_link_token
from home.models import StandardPage
from lists.models import SharedList
from referrals.links import answer_token
from referrals.members import add_member
from referrals.operations import actions as operation_actions
from referrals.operations.models import Hold, JuvenileStep, Operation
from tests.factories import keep_files_in, make_organization, make_service, translate
from tests.referrals.conftest import caller, make_referral
from training.models import (
    ADVOCATES_GROUP,
    AUDIENCE_ADVOCATES,
    AUDIENCE_MEMBERS,
    MEMBERS_GROUP,
    TrainingIndexPage,
    TrainingSectionPage,
    TrainingVideoPage,
)

from .axe import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@dataclass
class Screen:
    name: str
    path: Callable  # (site data) -> path of the English page; the Spanish one is under /es
    who: str = ""  # "" (anyone), "advocate", "provider", "admin" or "verifying" (owes a second factor)
    # What the person does on that page first, e.g. send a form: (page, site data) -> the response of the
    # page it leads to, which is the one checked. None: the page at `path` is checked.
    then: Callable | None = None
    status: int = 200  # the answer expected (error pages are screens too)


def submit(page, form: str):
    """Press the submit button of `form` (a CSS selector) and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form} [type=submit]").first.click()
    return navigation.value


def report_a_problem(page, data, message="The phone number is disconnected.", old_enough=True):
    page.locator("details.report-problem summary").click()
    page.locator("form.report-problem__form [name=message]").fill(message)
    if old_enough:  # the form refuses a report sent within seconds of the page (bots post at once)
        stamp = issue_stamp(time.time() - 30)
        page.locator("form.report-problem__form [name=stamp]").evaluate("(input, v) => { input.value = v; }", stamp)
    return submit(page, "form.report-problem__form")


def report_too_often(page, data):
    """An address that has posted five times within the hour (each post counts, even one refused): the next
    report is refused."""
    form = page.locator("form.report-problem__form")
    action = urljoin(page.url, form.get_attribute("action"))
    for _ in range(5):
        page.request.post(action, form={"kind": "contact", "message": "Wrong phone.", "homepage": "", "stamp": "x"})
    return report_a_problem(page, data)


def text_the_list(page, data, phone="916-555-0100"):
    page.locator("#share-phone").fill(phone)
    return submit(page, "form:has(#share-phone)")


def sign_in_wrongly(page, data, times=1):
    for _ in range(times):
        page.locator("form [name=username]").fill("nobody")
        page.locator("form [name=password]").fill("not-the-password")
        response = submit(page, "main form")
        if response.status != 200:  # no longer the sign-in form: the pause
            break
    return response


def password_reset_path(user) -> str:
    """The link of a password reset email (Django's own token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def confirm_path(d) -> str:
    """The link of a listing reminder, made for the provider who edits the listing."""
    token = make_link_token(d["organization"], d["members"]["provider"])
    return reverse("directory_members:confirm_listing", args=[token])


def placement_path(d) -> str:
    return reverse("referrals:operations:placement", args=[d["operation"].pk, d["placement"].pk])


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
    Screen("news index", lambda d: d["news"].url),
    Screen("news index by tag", lambda d: d["news"].url + "?tag=press-release"),
    Screen("news article", lambda d: d["article"].url),
    Screen("event index", lambda d: d["events"].url),
    Screen("event page", lambda d: d["event"].url),
    Screen("past event page", lambda d: d["past_event"].url),
    Screen(
        "report a problem: sent too quickly",
        lambda d: d["service"].url,
        then=lambda p, d: report_a_problem(p, d, old_enough=False),
        status=400,
    ),
    Screen("report a problem: thank you", lambda d: d["service"].url, then=report_a_problem),
    Screen("report a problem: too many", lambda d: d["service"].url, then=report_too_often, status=429),
    Screen(
        "shared list texted",
        lambda d: reverse("lists:shared_list", kwargs={"token": d["shared_list"].token}),
        then=text_the_list,
    ),
    Screen(
        "shared list, phone number to fix",
        lambda d: reverse("lists:shared_list", kwargs={"token": d["shared_list"].token}),
        then=lambda p, d: text_the_list(p, d, phone="12"),
        status=400,
    ),
    Screen("listing confirmation link not valid", lambda d: "/directory-members/listing/confirm/forged/", status=404),
    Screen("page not found", lambda d: "/no-such-page/", status=404),
    # Not here: 503.html, the short page served only while the database cannot be reached (config/errors.py),
    # outside base.html on purpose (no header or footer that need the database); tests/site checks it.
    Screen("sign in", lambda d: "/accounts/login/"),
    Screen("sign in, wrong password", lambda d: "/accounts/login/", then=sign_in_wrongly),
    Screen(
        "sign-in paused",
        lambda d: "/accounts/login/",
        then=lambda p, d: sign_in_wrongly(p, d, times=10),
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ),
    Screen("password reset", lambda d: "/accounts/password/reset/"),
    Screen("password reset sent", lambda d: "/accounts/password/reset/sent/"),
    Screen("new password", lambda d: password_reset_path(d["members"]["resetting"])),
    Screen("new password, link not valid", lambda d: "/accounts/password/reset/MQ/forged-token/"),
    Screen("password reset done", lambda d: "/accounts/password/reset/done/"),
    # Member screens.
    Screen("second factor setup", lambda d: "/accounts/two-factor/setup/", "advocate"),
    Screen("passkey setup", lambda d: "/accounts/two-factor/setup/passkey/", "advocate"),
    Screen("second factor at sign-in", lambda d: "/accounts/two-factor/verify/", "verifying"),
    Screen("sign out", lambda d: "/accounts/logout/", "advocate"),
    Screen("profile", lambda d: "/referrals/profile/", "advocate"),
    # /referrals/ itself only redirects to each role's first screen (my referrals, inbox, dashboard).
    Screen("new referral", lambda d: "/referrals/new/", "advocate"),
    Screen("my referrals", lambda d: "/referrals/mine/", "advocate"),
    Screen("referral", lambda d: f"/referrals/{d['referral'].pk}/", "advocate"),
    Screen("inbox", lambda d: "/referrals/inbox/", "provider"),
    Screen("inbox item", lambda d: f"/referrals/inbox/{d['recipient'].pk}/", "provider"),
    # The link in a provider's notice redirects to the part it names; a link not valid, to the inbox with a word.
    Screen("answer link", lambda d: reverse("referrals:answer", args=[answer_token(d["recipient"])]), "provider"),
    Screen("answer link not valid", lambda d: reverse("referrals:answer", args=["forged"]), "provider"),
    Screen("listing confirmation", lambda d: confirm_path(d), "provider"),
    Screen("listing confirmed", lambda d: confirm_path(d), "provider", then=lambda p, d: submit(p, "main form")),
    Screen("coalition dashboard", lambda d: "/referrals/dashboard/", "admin"),
    Screen("audit log", lambda d: "/referrals/audit/", "admin"),
    # Operations.
    Screen("operations (advocate)", lambda d: "/referrals/operations/", "advocate"),
    Screen("operations (provider)", lambda d: "/referrals/operations/", "provider"),
    Screen("operations (admin)", lambda d: "/referrals/operations/", "admin"),
    Screen("placement form", lambda d: f"/referrals/operations/{d['operation'].pk}/place/", "advocate"),
    Screen(
        "placement form, to fix",
        lambda d: f"/referrals/operations/{d['operation'].pk}/place/",
        "advocate",
        then=lambda p, d: submit(p, "main form"),
    ),
    Screen("placement with juvenile checklist", lambda d: placement_path(d), "advocate"),
    Screen("standby", lambda d: f"/referrals/operations/{d['operation'].pk}/standby/", "provider"),
    Screen("readiness", lambda d: f"/referrals/operations/{d['operation'].pk}/readiness/", "advocate"),
    Screen("coordinator's board", lambda d: f"/referrals/operations/{d['operation'].pk}/board/", "advocate"),
    Screen("after-action report", lambda d: f"/referrals/operations/{d['operation'].pk}/report/", "admin"),
    # Training library (members only, by Wagtail page privacy).
    Screen("training library", lambda d: d["training"].url, "advocate"),
    Screen("training section", lambda d: d["advocates_section"].url, "advocate"),
    Screen("training video", lambda d: d["video"].url, "advocate"),
    Screen("training of another audience", lambda d: d["advocates_section"].url, "provider", status=403),
]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def site_data(site_tree, settings, tmp_path):
    settings.ELASTICSEARCH_URL = ""
    keep_files_in(settings, tmp_path)  # images, documents and training videos
    cache.clear()  # the report form's hourly count per address starts at 0 in each language
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
        "verifying": add_member("vera", "vera@referring.example", "advocate", referring)[0],
        "resetting": get_user_model().objects.create_user("rhea", "rhea@example.org", "a-long-password-123"),
    }
    TOTPDevice.objects.create(user=members["verifying"], name="Authenticator app", confirmed=True)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (MEMBERS_GROUP, ADVOCATES_GROUP)}
    members["advocate"].groups.add(*groups.values())
    members["provider"].groups.add(groups[MEMBERS_GROUP])

    class Coalition:  # what make_referral reads
        advocate = members["advocate"]
        referring_org = referring

    referral = make_referral(Coalition, services=[service])

    # News and events, with every kind of content block.
    image = Image.objects.create(title="Hall", file=get_test_image_file())
    body = [
        ("heading", {"text": "What happened", "level": "h2"}),
        ("paragraph", RichText("<p>Advocates met <b>everyone</b> on the day.</p>")),
        ("image", {"image": image, "alt": "Members around a table", "caption": "Our spring meeting"}),
        ("quote", {"quote": "Together we can.", "attribution": "A member (sample)"}),
        (
            "call_to_action",
            {"text": "Need help?", "page": None, "url": "https://example.org/help", "button": "Get help"},
        ),
        ("services_by_need", {"heading": "Shelter tonight", "need": "emergency-shelter", "limit": 5}),
    ]
    news = publish(home, NewsIndexPage(title="News", slug="news", intro="From the coalition."))
    article = NewsArticlePage(
        title="Operation results (sample)",
        slug="operation-results",
        date=timezone.localdate() - timedelta(days=2),
        summary="Seventeen people offered help (sample).",
        image=image,
        image_alt="Advocates at the community hall",
        body=body,
    )
    article.tags.set(["press release"])
    article = publish(news, article)
    events = publish(home, EventIndexPage(title="Events", slug="events", intro="Meet the coalition."))
    now = timezone.now()
    event = publish(
        events,
        EventPage(
            title="Quarterly meeting",
            slug="quarterly-meeting",
            start=now + timedelta(days=3),
            end=now + timedelta(days=3, hours=2),
            summary="Members meet.",
            place="Community Hall (sample)",
            address="1 Main St, Sacramento, CA 95814",
            online_url="https://meet.example.org/quarterly",
            body=body[:2],
        ),
    )
    past_event = publish(
        events,
        EventPage(title="Spring training", slug="spring-training", start=now - timedelta(days=30), place="Library"),
    )

    # The training library: a section for every member, one for advocates only, a video and a document.
    training = publish(home, TrainingIndexPage(title="Training library", slug="training", intro="For members."))
    publish(training, TrainingSectionPage(title="For every member", slug="everyone", audience=AUDIENCE_MEMBERS))
    advocates_section = publish(
        training,
        TrainingSectionPage(title="For advocates", slug="advocates", audience=AUDIENCE_ADVOCATES, intro="Referrals."),
    )
    video = TrainingVideoPage(title="Making a referral", slug="making-a-referral", summary="Five minutes.")
    video.video.save("clip.mp4", ContentFile(bytes(range(256)) * 40), save=False)
    video.captions.save("clip.vtt", ContentFile(b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n"), save=False)
    video = publish(advocates_section, video)
    get_document_model().objects.create(
        title="Referral checklist",
        file=ContentFile(b"Checklist", name="checklist.txt"),
        collection=TrainingSectionPage.objects.get(pk=advocates_section.pk).collection,
    )

    # An active operation the advocate coordinates and is on call for, with places held by the provider and
    # a placement for a client under 18 (its juvenile checklist).
    operation = Operation.objects.create(
        name="Operation: Hot Spots",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=7),
        postal_codes=["95814"],
        coordinator=members["advocate"],
    )
    operation.organizations.set([organization])
    operation.on_call.set([members["advocate"]])
    Hold.objects.create(
        operation=operation, service=service, need=service.needs.get(), places=2, held_by=members["provider"]
    )
    JuvenileStep.objects.create(label="Notify the child-welfare liaison", sort_order=1)
    JuvenileStep.objects.create(label="Call the on-call juvenile advocate", sort_order=2)
    placement = operation_actions.file_placement(
        caller(members["advocate"]), operation.pk, {"needs": ["emergency-shelter"], "age": 15}
    )
    return {
        "news": news,
        "article": article,
        "events": events,
        "event": event,
        "past_event": past_event,
        "training": training,
        "advocates_section": advocates_section,
        "video": video,
        "operation": operation,
        "placement": placement,
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
            if screen.then is not None:
                response = screen.then(page, site_data)
            found = [] if response.status == screen.status else [f"HTTP {response.status}, not {screen.status}"]
            if page.evaluate("() => document.documentElement.lang") != language:
                found.append("wrong page language")
            found += problems_on(page)
            if found:
                problems[f"{screen.name} ({path})"] = found
    finally:
        for context, _page in contexts.values():
            context.close()
    assert problems == {}
