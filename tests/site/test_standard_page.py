"""A content page an editor creates renders (it had no template and answered 500)."""

import pytest

from home.models import HomePage, StandardPage


@pytest.mark.django_db
def test_a_standard_page_renders_its_title_and_body(client, site_tree):
    home = HomePage.objects.get()
    page = home.add_child(
        instance=StandardPage(title="About the coalition", slug="about", body="We meet monthly.\n\nAll welcome.")
    )
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>About the coalition</h1>" in body
    assert "<p>We meet monthly.</p>" in body and "<p>All welcome.</p>" in body
