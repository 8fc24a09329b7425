from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.rich_text import RichText

from content.models import EventIndexPage, EventPage, NewsArticlePage, NewsIndexPage
from home.models import HomePage


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    translation.activate("en")
    yield
    translation.activate("en")


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def home(site_tree):
    return HomePage.objects.get()


@pytest.fixture
def news(home):
    return publish(home, NewsIndexPage(title="News", slug="news", intro="From the coalition."))


@pytest.fixture
def article(news):
    page = NewsArticlePage(
        title="Operation results (sample)",
        slug="operation-results",
        date=timezone.localdate() - timedelta(days=2),
        summary="Seventeen people offered help (sample).",
        body=[("paragraph", RichText("<p>Advocates met everyone on the day.</p>"))],
    )
    page.tags.set(["press release"])
    return publish(news, page)


@pytest.fixture
def events(home):
    return publish(home, EventIndexPage(title="Events", slug="events"))


def make_event(events, slug, start, hours=2, **fields):
    fields.setdefault("place", "Community Hall (sample)")
    return publish(
        events,
        EventPage(
            title=fields.pop("title", slug), slug=slug, start=start, end=start + timedelta(hours=hours), **fields
        ),
    )
