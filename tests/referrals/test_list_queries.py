"""Listing referrals costs the same few queries however many referrals the page holds (no query per referral),
and each caller still sees only the parts it may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import bearer_client, make_referral

pytestmark = pytest.mark.django_db


def _list(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/referrals")
    assert response.status_code == 200
    return response.json()["results"], len(queries)


@pytest.mark.parametrize("who", ["advocate", "provider", "admin"])
def test_the_api_list_reads_parts_for_the_whole_page_at_once(coalition, who):
    client = bearer_client(getattr(coalition, who))
    make_referral(coalition)
    make_referral(coalition)
    _results, few = _list(client)
    for _ in range(6):
        make_referral(coalition)
    results, many = _list(client)
    assert len(results) == 8
    assert many == few
    seen = {r["organization_id"] for result in results for r in result["recipients"]}
    if who == "provider":
        assert seen == {str(coalition.shelter_org.hsds_id)}
    else:
        assert seen == {str(coalition.shelter_org.hsds_id), str(coalition.legal_org.hsds_id)}


def test_my_referrals_page_costs_the_same_queries_for_more_referrals(client, coalition):
    client.force_login(coalition.advocate)
    make_referral(coalition)
    client.get("/referrals/mine/")  # the first request of a session also stamps it
    with CaptureQueriesContext(connection) as few:
        assert client.get("/referrals/mine/").status_code == 200
    for _ in range(5):
        make_referral(coalition)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/referrals/mine/")
    assert page.content.decode().count("Emergency Beds") == 6 and page.content.decode().count("Visa Clinic") == 6
    assert len(many) == len(few)
