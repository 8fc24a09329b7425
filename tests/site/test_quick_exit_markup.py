"""The quick exit must work on every public page even when JavaScript is off or blocked."""

import re

import pytest
from django.test import override_settings

from tests.factories import make_service

NEUTRAL = "https://www.example.com/weather"


@pytest.fixture
def pages(site_tree):
    service = make_service(title="Night Shelter", needs=["emergency-shelter"])
    organization = service.get_parent()
    return {
        "home": "/",
        "directory": "/directory/",
        "need listing": "/directory/needs/emergency-shelter/",
        "organization": organization.url,
        "service": service.url,
        "spanish service": "/es" + service.url,
    }


@override_settings(QUICK_EXIT_URL=NEUTRAL)
def test_every_public_page_type_has_a_plain_exit_link(client, pages):
    for name, path in pages.items():
        html = client.get(path).content.decode()
        links = re.findall(r"<a [^>]*data-quick-exit-link[^>]*>", html)
        assert len(links) == 1, name
        # A plain link: the neutral site is its href, so it works with no script at all.
        assert f'href="{NEUTRAL}"' in links[0], name
        assert "onclick" not in links[0]
        assert 'rel="nofollow noreferrer"' in links[0]


def test_exit_link_comes_first_after_the_skip_link(client, pages):
    html = client.get(pages["service"]).content.decode()
    body = html[html.index("<body") :]
    assert body.index("skip-link") < body.index("data-quick-exit-link") < body.index("<main")


def test_exit_control_is_labelled_in_each_language(client, pages):
    english = client.get(pages["service"]).content.decode()
    spanish = client.get(pages["spanish service"]).content.decode()
    assert "Exit this page" in english and "Shift 3 times" in english
    assert "Salir de esta página" in spanish and "Mayús 3 veces" in spanish
    # The script's messages are translated too, through data attributes.
    assert 'data-i18n-activated="Cargando."' in spanish


def test_pages_carry_no_inline_script(client, pages):
    for name, path in pages.items():
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
        assert scripts, name
        for attributes, body in scripts:
            assert 'src="/static/' in attributes and not body.strip(), name
        assert " style=" not in html and " onclick=" not in html, name
