"""The demo's public pages: a press release whose names are marked sample, two events (one past, one
upcoming), an about page and a "recognise the signs" page naming its sources; loading twice changes nothing."""

import pytest

from content.demo import load_demo_content
from content.models import EventPage, NewsArticlePage
from home.models import StandardPage


@pytest.mark.django_db
def test_the_demo_content_is_published_once_and_renders(client, site_tree):
    pages = load_demo_content()
    load_demo_content()

    assert StandardPage.objects.filter(slug__in=["about", "recognise-the-signs"]).count() == 2
    assert NewsArticlePage.objects.count() == 1 and EventPage.objects.count() == 2
    assert pages["past_event"].is_past and not pages["upcoming_event"].is_past

    release = client.get(pages["release"].url).content.decode()
    assert "(sample)" in release and "fictional" in release

    signs = client.get(pages["signs"].url).content.decode()
    for source in ("National Human Trafficking Hotline", "Polaris", "Department of Justice", "UNODC"):
        assert source in signs
    assert "1-888-373-7888" in signs

    for url in ("/about/", "/news/", "/events/", pages["upcoming_event"].url, pages["past_event"].url):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_home_page_links_to_the_coalitions_public_pages_but_not_the_training_library(
    client, site_tree, settings, tmp_path
):
    from training.demo import load_demo_training

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
        "training": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    from training.models import TrainingIndexPage

    load_demo_content()
    load_demo_training()

    body = client.get("/").content.decode()
    section = body.split('id="coalition-heading"')[1].split("</section>")[0]
    for href in ('href="/about/"', 'href="/recognise-the-signs/"', 'href="/news/"', 'href="/events/"'):
        assert href in section
    assert "/training/" not in section
    TrainingIndexPage.objects.update(show_in_menus=True)  # even when an editor ticks "show in menus"
    assert "/training/" not in client.get("/").content.decode().split('id="coalition-heading"')[1]


@pytest.mark.django_db
def test_the_demo_has_spanish_about_and_news_pages_and_a_spanish_index_lists_every_article(client, site_tree):
    """About, news (with the press release) and events have Spanish versions; /es/news/ lists every English
    article too (in English until it is translated), and loading twice (Spanish home present) still works."""
    from wagtail.models import Locale

    from content.demo_es import translate_demo_content
    from content.models import NewsIndexPage
    from directory.demo_es import publish_words, translation_of
    from home.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code="es")
    publish_words(translation_of(HomePage.objects.get(), locale), title="Inicio")
    pages = load_demo_content()
    translate_demo_content(pages)
    pages = load_demo_content()  # a second load, with the Spanish home page there
    translate_demo_content(pages)
    news = NewsIndexPage.objects.get(locale__language_code="en")
    later = NewsArticlePage(title="Untranslated update", slug="untranslated-update", summary="English only.")
    news.add_child(instance=later)
    later.save_revision().publish()

    about = client.get("/es/about/").content.decode()
    assert "Acerca de la coalición" in about and "no está traducida" not in about
    index = client.get("/es/news/").content.decode()
    assert "Operación Safe Harbor (muestra)" in index  # the Spanish article
    assert "Untranslated update" in index  # the English one, not yet translated, still listed
    assert "Operation Safe Harbor (sample)" not in index  # one entry per article
    feed = client.get("/es/news/feed/rss/").content.decode()
    assert "Operación Safe Harbor" in feed and "Untranslated update" in feed
    assert client.get("/es/news/untranslated-update/").status_code == 200  # the English page, with the note
    assert "Quarterly coalition meeting" in client.get("/es/events/").content.decode()
    assert client.get("/es/events/").status_code == 200 and "Eventos" in client.get("/es/events/").content.decode()
