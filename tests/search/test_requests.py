"""Matching requests: clear errors naming the field, the `match` command, and the Elasticsearch query
shape (read without a cluster)."""

import json

import pytest
from django.core.management import CommandError, call_command

from search import es_queries
from search.query import validate_match_request
from search.service import InvalidRequest, match
from tests.factories import make_service

from .conftest import MONDAY_10AM

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("request_data", "field"),
    [
        ({}, "needs"),
        ({"needs": []}, "needs"),
        ({"needs": ["time-travel"]}, "needs"),
        ({"needs": ["medical"], "age": -1}, "age"),
        ({"needs": ["medical"], "age": "16"}, "age"),
        ({"needs": ["medical"], "age": 12.5}, "age"),
        ({"needs": ["medical"], "gender": "unknown"}, "gender"),
        ({"needs": ["medical"], "trafficking_type": "organ"}, "trafficking_type"),
        ({"needs": ["medical"], "postal_code": "00000"}, "postal_code"),
        ({"needs": ["medical"], "radius_miles": 10}, "radius_miles"),
        ({"needs": ["medical"], "postal_code": "95814", "radius_miles": -5}, "radius_miles"),
        ({"needs": ["medical"], "limit": 0}, "limit"),
        ({"needs": ["medical"], "urgent": "yes"}, "urgent"),
        ({"needs": ["medical"], "client_name": "x"}, "client_name"),
    ],
)
def test_invalid_requests_name_the_field(request_data, field, site_tree):
    with pytest.raises(InvalidRequest) as error:
        match(request_data)
    assert field in error.value.fields
    assert field in str(error.value)


def test_several_bad_fields_are_reported_together(site_tree):
    with pytest.raises(InvalidRequest) as error:
        match({"needs": ["nope"], "age": -3, "postal_code": "00000"})
    assert set(error.value.fields) == {"needs", "age", "postal_code"}
    assert error.value.fields["postal_code"] == "This is not a US ZIP code we know."


def test_match_command_prints_the_contract_response(site_tree, settings, capsys):
    settings.ELASTICSEARCH_URL = ""
    make_service(title="Command Shelter", needs=["emergency-shelter"], languages=["en", "es"])
    call_command("match", json.dumps({"needs": ["emergency-shelter"], "languages": ["es"], "postal_code": "95814"}))
    printed = json.loads(capsys.readouterr().out)
    assert printed["backend"] == "database"
    [result] = printed["results"]
    assert result["service_name"] == "Command Shelter"
    assert result["reasons"][:2] == ["Provides emergency shelter", "Speaks Spanish"]
    assert result["distance_miles"] == 0.0


def test_match_command_fails_with_the_field_named(site_tree):
    with pytest.raises(CommandError, match="age"):
        call_command("match", '{"needs": ["medical"], "age": -4}')
    with pytest.raises(CommandError, match="postal_code"):
        call_command("match", '{"needs": ["medical"], "postal_code": "99999x"}')
    with pytest.raises(CommandError, match="JSON"):
        call_command("match", "{needs")


def test_elasticsearch_match_query_encodes_the_contract_rules(site_tree):
    request = validate_match_request(
        {
            "needs": ["medical", "mental-health"],
            "age": 16,
            "gender": "female",
            "languages": ["es"],
            "trafficking_type": "labor",
            "postal_code": "95814",
            "radius_miles": 10,
            "urgent": True,
        },
        now=MONDAY_10AM,
    )
    body = es_queries.match_query(request, size=50)
    scored = body["query"]["function_score"]
    filters = scored["query"]["bool"]["filter"]
    assert {"term": {"status": "active"}} in filters
    assert {"term": {"accepting_referrals": True}} in filters
    assert {"terms": {"needs": ["medical", "mental-health"]}} in filters
    assert {
        "bool": {"must_not": [{"range": {"minimum_age": {"gt": 16}}}, {"range": {"maximum_age": {"lt": 16}}}]}
    } in filters
    assert any("geo_distance" in f and f["geo_distance"]["distance"] == "10.0mi" for f in filters)
    weights = sorted(f["weight"] for f in scored["functions"])
    # capacity; fit: age restriction, minors, transition-age youth, women, labor; urgency; language; each need
    assert weights == [1, 2, 2, 2, 2, 2, 12, 24, 50, 50]
    assert scored["boost_mode"] == "replace" and scored["score_mode"] == "sum"
    assert body["sort"][0] == {"_score": {"order": "desc"}}
    assert "_geo_distance" in body["sort"][1]
    assert body["sort"][2:] == [{"name_sort": {"order": "asc"}}, {"service_id": {"order": "asc"}}]
    # Monday 10:00 is minute 600 of the week.
    urgent = next(f for f in scored["functions"] if f["weight"] == 12)
    assert {"term": {"open_minutes": 600}} in urgent["filter"]["bool"]["should"]
