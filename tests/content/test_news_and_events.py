"""News and events: the pages render in both languages, the feeds are valid XML with the articles, the
calendar file parses, and times show in the site's time zone."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content.models import EventPage, NewsArticlePage, NewsIndexPage

from .conftest import make_event, publish

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_news_index_and_an_article_render_in_both_languages(client, news, article, prefix):
    index = client.get(f"{prefix}/news/")
    assert index.status_code == 200
    body = index.content.decode()
    assert "Operation results (sample)" in body and "Seventeen people offered help (sample)." in body
    assert 'rel="alternate" type="application/rss+xml"' in body
    assert f'href="{prefix}/news/feed/rss/"' in body and f'href="{prefix}/news/feed/atom/"' in body

    page = client.get(f"{prefix}/news/operation-results/")
    assert page.status_code == 200
    assert "Advocates met everyone on the day." in page.content.decode()
    assert "press release" in page.content.decode()


@pytest.mark.django_db
def test_the_news_index_filters_by_tag(client, news, article):
    other = NewsArticlePage(title="Quarterly meeting notes", slug="notes", summary="Minutes.")
    other.tags.set(["meetings"])
    publish(news, other)

    body = client.get("/news/?tag=press-release").content.decode()

    assert "Operation results (sample)" in body and "Quarterly meeting notes" not in body


@pytest.mark.django_db
def test_the_rss_feed_is_valid_xml_with_the_published_articles_newest_first(client, news, article):
    publish(news, NewsArticlePage(title="Newer item", slug="newer", summary="Newest.", date=timezone.localdate()))
    draft = NewsArticlePage(title="Draft item", slug="draft", summary="Not yet.", live=False)
    news.add_child(instance=draft)

    response = client.get("/news/feed/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Newer item", "Operation results (sample)"]
    first = channel.findall("item")[1]
    assert first.findtext("link").endswith("/news/operation-results/")
    assert first.findtext("description") == "Seventeen people offered help (sample)."
    assert [c.text for c in first.findall("category")] == ["press release"]


@pytest.mark.django_db
def test_the_atom_feed_is_valid_atom(client, news, article):
    response = client.get("/news/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Operation results (sample)"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/news/operation-results/")


@pytest.mark.django_db
def test_an_article_image_needs_alt_text(news):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    page = NewsArticlePage(
        title="With image",
        slug="with-image",
        summary="x",
        image=Image.objects.create(title="x", file=get_test_image_file()),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_event_index_splits_upcoming_and_past(client, events, prefix):
    now = timezone.now()
    make_event(events, "next-meeting", now + timedelta(days=10), title="Next meeting")
    make_event(events, "last-meeting", now - timedelta(days=10), title="Last meeting")
    make_event(events, "happening-now", now - timedelta(hours=1), hours=3, title="Happening now")

    body = client.get(f"{prefix}/events/").content.decode()

    upcoming, past = body.split('id="past-heading"')
    assert "Next meeting" in upcoming and "Happening now" in upcoming
    assert "Last meeting" in past and "Last meeting" not in upcoming
    assert upcoming.index("Happening now") < upcoming.index("Next meeting")


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_an_event_shows_its_time_in_the_sites_time_zone(client, events, settings, prefix):
    settings.TIME_ZONE = "America/Los_Angeles"
    start = datetime(2027, 1, 15, 22, 0, tzinfo=UTC)  # 14:00 in Sacramento
    make_event(events, "training", start, title="Training", online_url="https://meet.example.org/x", place="")

    body = client.get(f"{prefix}/events/training/").content.decode()

    assert 'datetime="2027-01-15T14:00:00-08:00"' in body
    assert "(PST)" in body
    assert "2 p.m." in body or "14:00" in body
    assert 'href="https://meet.example.org/x"' in body
    assert f'href="{prefix}/events/training/ics/"' in body


@pytest.mark.django_db
def test_the_ics_download_parses_with_utc_times_crlf_and_escaping(client, events):
    start = datetime(2027, 3, 2, 17, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    make_event(
        events,
        "planning",
        start,
        title="Planning; budget, and goals",
        place="Hall A, second floor",
        summary="Bring: notes, ideas; questions",
    )

    response = client.get("/events/planning/ics/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="planning.ics"' in response["Content-Disposition"]
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"DTSTART:20270303T013000Z" in raw
    assert b"SUMMARY:Planning\\; budget\\, and goals" in raw
    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(hours=2)
    assert str(event["summary"]) == "Planning; budget, and goals"
    assert str(event["location"]) == "Hall A, second floor"
    assert event.decoded("dtstamp").tzinfo is not None
    assert "/events/planning/" in str(event["url"])


@pytest.mark.django_db
def test_an_event_needs_a_place_or_a_link_and_cannot_end_before_it_starts(events):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        EventPage(title="x", slug="x", start=now, end=now - timedelta(hours=1), place="").clean()
    assert set(error.value.message_dict) == {"end", "place"}


@pytest.mark.django_db
def test_the_home_page_allows_the_new_sections(home):
    from content.models import EventIndexPage, NewsIndexPage
    from home.models import StandardPage
    from training.models import TrainingIndexPage

    allowed = set(home.specific_class.allowed_subpage_models())
    assert {NewsIndexPage, EventIndexPage, StandardPage, TrainingIndexPage} <= allowed


@pytest.mark.django_db
def test_the_feeds_read_the_tags_of_all_articles_in_a_fixed_number_of_queries(client, news, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as seen:
            assert client.get(path).status_code == 200
        return len(seen)

    client.get("/news/feed/rss/")  # warm the per-process caches (site, locales)
    one = {path: queries(path) for path in ("/news/feed/rss/", "/news/feed/atom/")}
    for n in range(4):
        more = NewsArticlePage(title=f"More {n}", slug=f"more-{n}", summary="More.")
        more.tags.set([f"tag {n}", "common"])
        publish(news, more)
    five = {path: queries(path) for path in one}
    assert five == one


@pytest.mark.django_db
def test_the_spanish_home_names_a_translated_section_in_spanish(client, home, news):
    from tests.factories import translate

    NewsIndexPage.objects.filter(pk=news.pk).update(show_in_menus=True)
    translate(news, title="Noticias")

    def menu(path):
        body = client.get(path).content.decode()
        return body.split('id="coalition-heading"')[1].split("</section>")[0]

    english, spanish = menu("/"), menu("/es/")
    assert ">News<" in english and "Noticias" not in english
    assert ">Noticias<" in spanish and ">News<" not in spanish
    assert 'href="/es/news/"' in spanish
