"""A translated service stays one entry: in search and matching on both backends, and its Spanish words
find it and show to Spanish visitors."""

import pytest
from django.utils import translation

from directory.models import ServicePage
from search import service
from tests.factories import committed, make_service, translate
from tests.search.conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db

SPANISH = {
    "title": "Albergue Nocturno",
    "summary": "Camas, mantas y comida caliente para esta noche.",
    "how_to_get_help": "Llame a cualquier hora; una consejera le contesta.",
}


@pytest.fixture
def shelter(backend_name):
    return make_service(title="Night Shelter", needs=["emergency-shelter"], summary="Beds and a hot meal tonight.")


def test_a_spanish_only_word_finds_the_service_once(backend_name, shelter):
    assert service.search("mantas", now=MONDAY_10AM).total == 0  # no Spanish words yet

    translate(shelter, **SPANISH)

    found = service.search("mantas", now=MONDAY_10AM)
    assert found.backend == backend_name
    assert [r["service_id"] for r in found.results] == [str(shelter.hsds_id)]
    consejera = service.search("consejera", now=MONDAY_10AM).results
    assert [r["service_id"] for r in consejera] == [str(shelter.hsds_id)]


def test_exactly_one_result_per_service_with_a_translation_present(backend_name, shelter):
    translate(shelter, **SPANISH)
    for words in ("shelter", "albergue", "refugio", ""):
        results = service.search(words, now=MONDAY_10AM).results
        assert [r["service_id"] for r in results] == [str(shelter.hsds_id)], words


def test_spanish_visitors_see_the_translation_and_english_visitors_the_source(backend_name, shelter):
    translate(shelter, **SPANISH)
    english = service.search("shelter", now=MONDAY_10AM).results[0]
    assert english["title"] == "Night Shelter" and english["url"] == shelter.url
    with translation.override("es"):
        spanish = service.search("shelter", now=MONDAY_10AM).results[0]
    assert spanish["title"] == "Albergue Nocturno"
    assert spanish["summary"] == SPANISH["summary"]
    assert spanish["url"] == "/es" + shelter.url  # the same entry, under the Spanish prefix


def test_matching_returns_one_entry_per_translated_service(backend_name, shelter):
    translate(shelter, **SPANISH)
    response = service.match({"needs": ["emergency-shelter"]}, now=MONDAY_10AM)
    assert response["backend"] == backend_name
    assert [r["service_id"] for r in response["results"]] == [str(shelter.hsds_id)]
    assert response["results"][0]["service_name"] == "Night Shelter"


def test_publishing_and_unpublishing_a_translation_reindexes_its_source(backend_name, shelter):
    spanish = translate(shelter, publish=False, **SPANISH)
    assert service.search("mantas", now=MONDAY_10AM).total == 0  # a draft translation is not searched

    with committed():  # the index follows the commit
        spanish.save_revision().publish()
    assert service.search("mantas", now=MONDAY_10AM).total == 1

    with committed():
        ServicePage.objects.get(pk=spanish.pk).unpublish()
    assert service.search("mantas", now=MONDAY_10AM).total == 0
    assert service.search("shelter", now=MONDAY_10AM).total == 1  # the source stays
