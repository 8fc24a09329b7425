"""`make demo` runs `manage.py load_demo`: the whole command, accounts included, twice (as a second `make demo` does),
with the Spanish versions present the second time."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from directory.models import OrganizationPage


@pytest.mark.django_db
def test_the_demo_command_loads_everything_twice_with_its_accounts(site_tree, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "training": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    call_command("load_demo", "--no-index")
    call_command("load_demo", "--no-index")  # a second run meets the Spanish pages (same slugs) and the accounts

    users = get_user_model().objects.filter(username__in=["advocate", "provider", "admin"])
    assert users.count() == 3
    provider = users.get(username="provider")
    assert provider.membership.organization.locale.language_code == "en"  # the English (source) organization
    assert OrganizationPage.objects.filter(locale__language_code="es").exists()


@pytest.mark.django_db
def test_the_demo_is_indexed_in_one_go_and_queues_no_one_page_index_update(
    site_tree, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Each page the demo publishes used to queue its own index update (266 of them, ~1 s each on
    Elasticsearch) on top of the rebuild that indexes them all; a worker then spent minutes redoing it."""
    from search import indexing, service

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "training": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    queued = []

    class Recorder:  # in place of the task: what would be queued
        def enqueue(self, *args):
            queued.append(args)

    monkeypatch.setattr(indexing, "update_page_index", Recorder())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--no-accounts")
    assert queued == []
    assert service.search("shelter").total > 0  # searchable: the rebuild wrote every document
