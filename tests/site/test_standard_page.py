"""A content page an editor creates renders (it had no template and answered 500); its old plain text
survives the move to content blocks."""

import importlib

import pytest
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage


@pytest.mark.django_db
def test_a_standard_page_renders_its_title_and_body(client, site_tree):
    home = HomePage.objects.get()
    page = home.add_child(
        instance=StandardPage(
            title="About the coalition",
            slug="about",
            body=[("paragraph", RichText("<p>We meet monthly.</p><p>All welcome.</p>"))],
        )
    )
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>About the coalition</h1>" in body
    assert "<p>We meet monthly.</p>" in body and "<p>All welcome.</p>" in body


def test_the_migration_keeps_old_text_as_one_rich_text_block_with_its_paragraphs():
    migration = importlib.import_module("home.migrations.0002_standard_page_blocks")

    blocks = migration._as_stream("We meet monthly.\nAt noon.\n\nAll <welcome>.")

    assert [block["type"] for block in blocks] == ["paragraph"]
    assert blocks[0]["value"] == "<p>We meet monthly.<br>At noon.</p>\n\n<p>All &lt;welcome&gt;.</p>"
    assert migration._as_stream("   ") == []
