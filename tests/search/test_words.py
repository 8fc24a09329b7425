"""Search understands people: synonyms in English and Spanish from one list, typos in words of five or
more letters, accents ignored. Every test runs on both backends and through every door the search service
has (public search, the HSDS API's id lookup)."""

import pytest

from search import service
from search.words import allowed_edits, expand, synonym_groups, synonyms

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db


def titles(text, **kwargs):
    return sorted(r["title"] for r in service.search(text, now=MONDAY_10AM, **kwargs).results)


@pytest.fixture
def listings(backend_name):
    from tests.factories import make_service

    # Needs chosen so their own labels say none of the words searched for below.
    make_service(title="Casa Segura", needs=["case-management"], summary="Un albergue para mujeres.")
    make_service(title="Night Beds", needs=["case-management"], summary="A shelter with beds tonight.")
    make_service(title="Harbor Advocates", needs=["peer-support"], summary="Attorney consultations, free.")
    make_service(title="Clínica Esperanza", needs=["peer-support"], summary="Atención para sobrevivientes.")
    make_service(title="Mentors", needs=["peer-support"], summary="Someone to talk to.")
    return backend_name


def test_spanish_and_english_synonyms_find_each_other(listings):
    assert titles("albergue") == ["Casa Segura", "Night Beds"]
    assert titles("shelter") == ["Casa Segura", "Night Beds"]
    assert titles("refugio") == ["Casa Segura", "Night Beds"]
    assert titles("abogado") == ["Harbor Advocates"]
    assert titles("lawyer") == ["Harbor Advocates"]
    assert titles("legal") == ["Harbor Advocates"]
    # A plural finds the same.
    assert titles("albergues") == ["Casa Segura", "Night Beds"]
    assert service.search("albergue", now=MONDAY_10AM).backend == listings


def test_typos_in_words_of_five_or_more_letters_are_forgiven(listings):
    assert titles("sheltr") == ["Casa Segura", "Night Beds"]
    assert titles("refujio") == ["Casa Segura", "Night Beds"]
    assert titles("atorney") == ["Harbor Advocates"]
    # Short words must be spelled right: "bed" and "bes" are not the same.
    assert titles("bes") == []
    assert titles("xylophone") == []


def test_accents_do_not_matter_either_way(listings):
    assert titles("clinica") == ["Clínica Esperanza"]
    assert titles("CLÍNICA") == ["Clínica Esperanza"]
    assert titles("atención") == ["Clínica Esperanza"]
    assert titles("atencion") == ["Clínica Esperanza"]


def test_every_word_must_still_be_found(listings):
    assert titles("shelter tonight") == ["Night Beds"]
    assert titles("albergue mujeres") == ["Casa Segura"]


def test_the_hsds_api_lookup_understands_the_same_words(listings):
    from directory.models import ServicePage

    expected = {str(ServicePage.objects.get(title=t).hsds_id) for t in ("Casa Segura", "Night Beds")}
    assert set(service.service_hsds_ids_for_text("refujio")) == expected
    assert set(service.service_hsds_ids_for_text("albergue")) == expected


def test_synonym_list_is_one_editable_file_with_both_languages():
    groups = synonym_groups()
    assert {"albergue", "refugio", "shelter"} <= set(next(g for g in groups if "albergue" in g))
    assert {"abogado", "lawyer", "attorney", "legal"} <= set(next(g for g in groups if "abogado" in g))
    assert synonyms("shelter") >= {"albergue", "refugio"}
    assert allowed_edits("bed") == 0 and allowed_edits("sheltr") == 1 and allowed_edits("inmigracion") == 2
    assert expand("sheltr", ["shell", "helper"]) == {"sheltr", "shelter", "refugio", "albergue"}
