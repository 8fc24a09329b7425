"""Editors can open the add form of every new page type (the block choosers, the need list, the file fields)."""

import pytest
from django.contrib.auth import get_user_model

from content.models import EventIndexPage, NewsIndexPage

from .conftest import publish


@pytest.mark.django_db
def test_every_new_page_type_has_a_working_add_form(client, home):
    from training.models import TrainingIndexPage, TrainingSectionPage

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12))
    news = publish(home, NewsIndexPage(title="News", slug="news"))
    events = publish(home, EventIndexPage(title="Events", slug="events"))
    training = publish(home, TrainingIndexPage(title="Training", slug="training"))
    section = publish(training, TrainingSectionPage(title="All members", slug="all"))

    for model, parent in [
        ("home/standardpage", home),
        ("content/newsarticlepage", news),
        ("content/eventpage", events),
        ("training/trainingsectionpage", training),
        ("training/trainingvideopage", section),
    ]:
        response = client.get(f"/admin/pages/add/{model}/{parent.pk}/")
        assert response.status_code == 200, model
        assert "Services by need" in response.content.decode(), model
