"""`search_index --rebuild` and `--check`: the index can be rebuilt without going empty, and documents
that drifted from the published pages are reported and repaired."""

import pytest
from django.core.management import CommandError, call_command

from search.models import IndexedService
from search.service import match
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_check_reports_and_fixes_out_of_date_documents(site_tree, settings, capsys):
    settings.ELASTICSEARCH_URL = ""
    shelter = make_service(title="Drifting Shelter", needs=["emergency-shelter"])
    call_command("search_index", "--check")
    assert "0 missing, 0 out of date, 0 extra" in capsys.readouterr().out

    row = IndexedService.objects.get(page_id=shelter.pk)
    row.document = {**row.document, "title": "Old Title"}
    row.save()
    IndexedService.objects.create(
        **{
            **{f.name: getattr(row, f.name) for f in IndexedService._meta.fields},
            "service_id": "00000000-0000-0000-0000-000000000000",
            "page_id": 999999,
        }
    )
    with pytest.raises(CommandError, match="--fix"):
        call_command("search_index", "--check")
    assert "1 out of date, 1 extra" in capsys.readouterr().out

    call_command("search_index", "--check", "--fix")
    call_command("search_index", "--check")
    assert [r["service_name"] for r in match({"needs": ["emergency-shelter"]})["results"]] == ["Drifting Shelter"]


def test_rebuild_replaces_the_embedded_index(site_tree, settings):
    settings.ELASTICSEARCH_URL = ""
    make_service(title="Kept Clinic", needs=["medical"])
    IndexedService.objects.all().delete()
    assert match({"needs": ["medical"]})["results"] == []
    call_command("search_index", "--rebuild", "--no-progress")
    assert [r["service_name"] for r in match({"needs": ["medical"]})["results"]] == ["Kept Clinic"]


@pytest.mark.elasticsearch
def test_rebuild_fills_a_new_index_and_swaps_the_alias(elasticsearch, site_tree):
    make_service(title="Aliased Clinic", needs=["medical"])
    first = elasticsearch.index_name()
    call_command("search_index", "--rebuild", "--no-progress")
    second = elasticsearch.index_name()
    assert first and second and first != second
    assert second.startswith(elasticsearch.alias + "-")
    # The old index is gone; the alias names exactly one index.
    assert list(elasticsearch.es.indices.get_alias(name=elasticsearch.alias)) == [second]
    assert not elasticsearch.es.indices.exists(index=first)
    response = match({"needs": ["medical"]})
    assert response["backend"] == "elasticsearch"
    assert [r["service_name"] for r in response["results"]] == ["Aliased Clinic"]


def test_a_rebuild_survives_an_index_task_writing_the_same_document_meanwhile(site_tree, settings):
    """`load_demo` beside a running worker failed with a duplicate key: the worker's index task wrote a
    service's row between the rebuild's delete and its insert. Writes are upserts: the rebuild wins."""
    from search import indexing
    from search.backends import database_backend

    settings.ELASTICSEARCH_URL = ""
    clinic = make_service(title="Raced Clinic", needs=["medical"])
    backend = database_backend()

    def documents_with_a_write_in_between():
        for doc in indexing.iter_documents():
            backend.write([{**doc, "title": "Written by the worker"}])  # lands after the rebuild's delete
            yield doc

    assert backend.rebuild(documents_with_a_write_in_between()) == 1
    backend.write(list(indexing.iter_documents()))  # and a second write of the same id is no conflict either
    row = IndexedService.objects.get(page_id=clinic.pk)
    assert row.document["title"] == "Raced Clinic"
    assert [r["service_name"] for r in match({"needs": ["medical"]})["results"]] == ["Raced Clinic"]
