"""The content blocks: standard pages render them; images need alt text; "services by need" lists only live
services, through the directory's own listing."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from content.blocks import CallToActionBlock, ContentBlocks, ImageBlock
from home.models import StandardPage
from tests.factories import make_organization, make_service

from .conftest import publish


@pytest.mark.django_db
def test_a_standard_page_renders_every_kind_of_block(home, client):
    image = Image.objects.create(title="Hall", file=get_test_image_file())
    page = publish(
        home,
        StandardPage(
            title="About the coalition",
            slug="about",
            body=[
                ("heading", {"text": "What we do", "level": "h2"}),
                ("paragraph", RichText("<p>We meet <b>every quarter</b>.</p>")),
                ("image", {"image": image, "alt": "Members around a table", "caption": "Our spring meeting"}),
                ("quote", {"quote": "Together we can.", "attribution": "A member (sample)"}),
                (
                    "call_to_action",
                    {"text": "Need help?", "page": None, "url": "https://example.org/help", "button": "Get help"},
                ),
            ],
        ),
    )

    body = client.get(page.url).content.decode()

    assert "<h1>About the coalition</h1>" in body
    assert '<h2 class="block-heading">What we do</h2>' in body
    assert "<b>every quarter</b>" in body
    assert 'alt="Members around a table"' in body and "Our spring meeting" in body
    assert "<blockquote><p>Together we can.</p></blockquote>" in body and "A member (sample)" in body
    assert 'href="https://example.org/help">Get help</a>' in body


def test_an_image_without_alt_text_is_refused():
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": None, "alt": "", "caption": ""}))
    assert "alt" in error.value.block_errors


def test_a_call_to_action_needs_exactly_one_target():
    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Go", "page": None, "url": "", "button": "Go"}))


@pytest.mark.django_db
def test_services_by_need_lists_live_services_of_that_need_only(home, client):
    org = make_organization(title="Harbor House (Sample)")
    make_service(org, title="Night Crisis Line", needs=["crisis-line"])
    make_service(org, title="Shelter Beds", needs=["emergency-shelter"])
    withdrawn = make_service(org, title="Old Hotline", needs=["crisis-line"])
    withdrawn.unpublish()
    page = publish(
        home,
        StandardPage(
            title="How to report",
            slug="how-to-report",
            body=[("services_by_need", {"heading": "Crisis lines", "need": "crisis-line", "limit": 5})],
        ),
    )

    body = client.get(page.url).content.decode()

    assert "<h2>Crisis lines</h2>" in body
    assert "Night Crisis Line" in body
    assert "Shelter Beds" not in body
    assert "Old Hotline" not in body


@pytest.mark.django_db
def test_the_stream_refuses_an_unknown_need(site_tree):
    stream = ContentBlocks()
    value = stream.to_python([{"type": "services_by_need", "value": {"need": "no-such-need", "limit": 3}}])
    with pytest.raises((StreamBlockValidationError, ValidationError)):
        stream.clean(value)


@pytest.mark.django_db
def test_services_by_need_shows_a_services_spanish_words_on_a_spanish_page(home, client):
    from tests.factories import translate

    org = make_organization(title="Harbor House (Sample)")
    line = make_service(org, title="Night Crisis Line", summary="Call any time.", needs=["crisis-line"])
    translate(line, title="Línea de crisis nocturna", summary="Llame a cualquier hora.")
    page = publish(
        home,
        StandardPage(
            title="How to report",
            slug="how-to-report",
            body=[("services_by_need", {"heading": "Crisis lines", "need": "crisis-line", "limit": 5})],
        ),
    )

    url = page.url
    english = client.get(url).content.decode()
    spanish = client.get("/es" + url).content.decode()

    assert "Línea de crisis nocturna" in spanish and "Llame a cualquier hora." in spanish
    assert spanish.count("Línea de crisis nocturna") == 1 and "Night Crisis Line" not in spanish
    assert "Night Crisis Line" in english and "Línea de crisis nocturna" not in english
