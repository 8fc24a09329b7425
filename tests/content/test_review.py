"""News, events and standard pages go through Coalition review: a content editor cannot publish, only submit;
a coalition reviewer approves and the page goes live."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.models import NewsArticlePage
from content.review import CONTENT_EDITORS_GROUP
from referrals.members import add_member


@pytest.fixture
def content_editor(home):
    user = get_user_model().objects.create_user("writer", "writer@example.org", "x" * 12)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))
    return user


def article_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "new-article",
            "date": "2026-11-20",
            "summary": "A short summary.",
            "image_alt": "",
            "tags": "",
            "body": streamfield([]),
        }
    )


@pytest.mark.django_db
def test_news_and_events_are_under_coalition_review(news, events):
    assert news.get_workflow().name == "Coalition review"
    assert events.get_workflow().name == "Coalition review"


@pytest.mark.django_db
def test_a_content_editor_cannot_publish_an_article_directly(client, news, content_editor):
    client.force_login(content_editor)
    data = article_form("Straight to the public?")
    data["action-publish"] = "Publish"

    client.post(f"/admin/pages/add/content/newsarticlepage/{news.pk}/", data)

    article = NewsArticlePage.objects.get(slug="new-article")
    assert not article.live
    assert client.get("/news/").content.decode().count("Straight to the public?") == 0


@pytest.mark.django_db
def test_a_submitted_article_goes_live_when_a_reviewer_approves(client, news, content_editor):
    client.force_login(content_editor)
    data = article_form("Awareness month")
    data["action-submit"] = "Submit to Coalition review"
    response = client.post(f"/admin/pages/add/content/newsarticlepage/{news.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    article = NewsArticlePage.objects.get(slug="new-article")
    assert not article.live
    task_state = article.workflow_states.get(status="in_progress").current_task_state

    reviewer, _ = add_member("coalition-admin", "admin@example.org", "coalition-admin", password="x" * 12)
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{article.pk}/approve/{task_state.pk}/", {"comment": ""})

    assert NewsArticlePage.objects.get(pk=article.pk).live
    client.logout()
    assert "Awareness month" in client.get("/news/").content.decode()
