"""The demo has Spanish versions of the home page and of at least 20 services, made once and updated in
place on every load."""

import pytest
from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from directory.demo import load_demo
from directory.demo_es import translate_demo
from directory.models import ServicePage
from home.management.commands.load_demo import HOME_ES


@pytest.fixture(scope="module")
def spanish_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield translate_demo(home_words=HOME_ES)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
def test_the_demo_has_spanish_services_and_home_and_a_rerun_adds_nothing(spanish_demo, client):
    spanish = ServicePage.objects.filter(locale__language_code="es", live=True, alias_of__isnull=True)
    assert spanish_demo["services"] >= 20 and spanish.count() == spanish_demo["services"]
    pages_before = Page.objects.count()

    again = translate_demo(home_words=HOME_ES)

    assert again == spanish_demo and Page.objects.count() == pages_before
    home = client.get("/es/").content.decode()
    translation.activate("en")  # the request left Spanish active in this thread
    assert HOME_ES["intro"] in home
    one = spanish.first()
    source = ServicePage.objects.get(translation_key=one.translation_key, locale__language_code="en")
    assert f"<h1>{one.title}</h1>" in client.get("/es" + source.url).content.decode()
