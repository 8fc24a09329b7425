"""Index updates are enqueued when the change commits: a rolled-back change never reaches the index, a
committed one always does, once."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from directory.hsds.importer import import_objects, parse
from directory.live_updates import update_availability
from search import indexing
from tests.factories import make_organization, make_service


class Boom(Exception):
    pass


@pytest.fixture
def enqueued(monkeypatch):
    """The index tasks enqueued, as (page_id, removed), in order; the task itself still runs."""
    calls = []
    task = indexing.update_page_index

    class Recorder:
        def enqueue(self, page_id, removed=False):
            calls.append((page_id, removed))
            return task.enqueue(page_id, removed)

    monkeypatch.setattr(indexing, "update_page_index", Recorder())
    return calls


@pytest.fixture
def draft(site_tree):
    return make_service(make_organization(), title="Harbor Night Shelter", publish=False)


def test_a_publish_that_is_rolled_back_enqueues_nothing(draft, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            draft.save_revision().publish()
            raise Boom
    assert enqueued == []


def test_a_committed_publish_enqueues_one_update_after_the_commit(draft, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            draft.save_revision().publish()
            assert enqueued == []  # not before the commit: a worker would read the page as it was
    assert enqueued == [(draft.pk, False)]


def test_an_unpublish_enqueues_once_on_commit_and_not_when_rolled_back(
    draft, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.live
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            draft.unpublish()
            raise Boom
    assert enqueued == []
    draft.refresh_from_db()  # the rolled-back unpublish left the object saying "not live"
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()
    assert enqueued == [(draft.pk, True)]


def test_an_availability_update_enqueues_once_on_commit_and_not_when_rolled_back(
    site_tree, enqueued, django_capture_on_commit_callbacks
):
    service = make_service(title="Harbor Night Shelter")
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            update_availability(service, None, accepting=False)
            raise Boom
    assert enqueued == []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            update_availability(service, None, accepting=False)
            assert enqueued == []
    assert enqueued == [(service.pk, False)]


@pytest.fixture
def indexed_imports(monkeypatch):
    """The organization page ids each bulk index write after an import was given."""
    calls = []
    index_now = indexing.index_organizations_now

    def record(page_ids):
        calls.append(list(page_ids))
        return index_now(page_ids)

    monkeypatch.setattr(indexing, "index_organizations_now", record)
    return calls


def test_an_import_is_indexed_once_after_its_commit_and_never_when_rolled_back(
    site_tree, indexed_imports, django_capture_on_commit_callbacks
):
    example = Path(settings.HSDS_DIR) / "examples" / "service_full.json"
    objects = parse(json.loads(example.read_text(encoding="utf-8")))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            import_objects(*objects)
            raise Boom
    assert indexed_imports == []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            report = import_objects(*objects)
            assert indexed_imports == []
    assert len(indexed_imports) == 1
    assert [summary["backend"] for summary in report.indexed] == ["database"]  # the import reports it


def test_an_import_queues_no_one_page_update_for_the_pages_it_indexes_in_bulk(
    site_tree, enqueued, indexed_imports, django_capture_on_commit_callbacks
):
    example = Path(settings.HSDS_DIR) / "examples" / "service_full.json"
    objects = parse(json.loads(example.read_text(encoding="utf-8")))
    with django_capture_on_commit_callbacks(execute=True):
        import_objects(*objects)
    assert len(indexed_imports) == 1
    assert enqueued == []
    # Outside the import, a publish queues its update as before.
    with django_capture_on_commit_callbacks(execute=True):
        service = make_service(make_organization(), title="Harbor Night Shelter")
    assert (service.pk, False) in enqueued
