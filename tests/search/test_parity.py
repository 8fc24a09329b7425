"""Both backends give the same answers: 600 generated services, 50 random matching requests and 30
random public searches, compared result for result, in order."""

import random

import pytest

from search import service
from search.backends import database_backend
from search.sample import generate_documents, random_match_request, random_search_kwargs

from .conftest import MONDAY_10AM


@pytest.mark.elasticsearch
def test_backends_agree_on_ordered_matches_and_searches(elasticsearch, settings, site_tree):
    docs = generate_documents(600, seed=7)
    assert database_backend().rebuild(docs) == 600
    assert elasticsearch.rebuild(docs) == 600
    es_url = settings.ELASTICSEARCH_URL

    def both(call):
        settings.ELASTICSEARCH_URL = es_url
        from_es = call()
        settings.ELASTICSEARCH_URL = ""
        from_db = call()
        return from_es, from_db

    rng = random.Random(11)
    non_empty = 0
    for _ in range(50):
        request = random_match_request(rng)
        from_es, from_db = both(lambda request=request: service.match(request, now=MONDAY_10AM))
        assert (from_es["backend"], from_db["backend"]) == ("elasticsearch", "database")
        assert from_es["results"] == from_db["results"], request
        non_empty += bool(from_db["results"])
    assert non_empty >= 30  # the requests really exercise ranking, not only empty answers

    for _ in range(30):
        kwargs = random_search_kwargs(rng)
        from_es, from_db = both(lambda kwargs=kwargs: service.search(now=MONDAY_10AM, **kwargs))
        assert (from_es.backend, from_db.backend) == ("elasticsearch", "database")
        assert from_es.total == from_db.total, kwargs
        assert [r["service_id"] for r in from_es.results] == [r["service_id"] for r in from_db.results], kwargs
        assert from_es.facets == from_db.facets, kwargs

    # Words people use: synonyms across languages, typos and accents. Sorted by distance, the order is
    # the same rule on both backends, so the whole answer can be compared.
    for text in [
        "albergue",
        "refugio",
        "sheltr",
        "refujio",
        "abogado",
        "atorney",
        "clínica",
        "CONSEJERIA",
        "albergue sierra",
        "legal harbor",
    ]:
        kwargs = {"postal_code": "95814", "sort": "distance", "per_page": 100}
        from_es, from_db = both(lambda text=text, kwargs=kwargs: service.search(text, now=MONDAY_10AM, **kwargs))
        assert from_db.total > 0, text
        assert from_es.total == from_db.total, text
        assert [r["service_id"] for r in from_es.results] == [r["service_id"] for r in from_db.results], text
