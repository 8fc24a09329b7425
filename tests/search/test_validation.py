"""One matching-request validator (issue 11, item 4): the advocate's form and the API agree on every limit, and
a referral's chosen services can be re-checked against the hard filters."""

import random

import pytest

from directory.models import ServicePage
from referrals.forms import ReferralFactsForm
from search import query, service
from search.sample import generate_documents, random_match_request
from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


def form_accepts(data) -> bool:
    return ReferralFactsForm(data=data).is_valid()


def validator_accepts(data) -> bool:
    try:
        service.validate_match_request(data)
    except service.InvalidRequest:
        return False
    return True


@pytest.mark.parametrize(
    "facts",
    [
        {"needs": ["medical"], "age": 125},  # the form stopped at 120, the API at 130
        {"needs": ["medical"], "age": 131},
        {"needs": ["medical"], "postal_code": "95814", "radius_miles": 0},  # the form allowed 0, the API not
        {"needs": ["medical"], "postal_code": "95814", "radius_miles": 500},
        {"needs": ["medical"], "postal_code": "95814", "radius_miles": 501},
        {"needs": ["medical"], "radius_miles": 10},  # a radius needs a ZIP to measure from
        {"needs": ["medical"], "postal_code": "00000"},  # five digits, but no such ZIP
        {"needs": ["medical"], "postal_code": "95814", "radius_miles": 10, "age": 16, "gender": "female"},
    ],
)
def test_the_form_and_the_api_validator_agree(site_tree, facts):
    assert form_accepts(facts) == validator_accepts(facts), facts


def test_the_form_names_the_field_the_validator_refuses(site_tree):
    form = ReferralFactsForm(data={"needs": ["medical"], "radius_miles": 10})
    assert not form.is_valid()
    assert "radius_miles" in form.errors


def test_failed_filters_is_empty_exactly_when_admits(site_tree):
    docs = generate_documents(200, seed=3)
    rng = random.Random(5)
    for _ in range(30):
        request = query.validate_match_request(random_match_request(rng))
        for doc in docs:
            assert query.admits(doc, request) == (not query.failed_filters(doc, request))


def test_recheck_names_each_hard_filter_a_chosen_service_fails_now(site_tree):
    org = make_organization(postal_code="95814")
    youth = make_service(org, title="Youth Shelter", needs=["emergency-shelter"], minimum_age=12, maximum_age=17)
    adult = make_service(org, title="Adult Shelter", needs=["emergency-shelter"], minimum_age=18)
    full = make_service(org, title="Full Shelter", needs=["emergency-shelter"])
    ServicePage.objects.filter(pk=full.pk).update(accepting_referrals=False)  # the index has not heard yet
    draft = make_service(org, title="Draft Shelter", needs=["emergency-shelter"], publish=False)

    checked = service.recheck_services(
        {"needs": ["emergency-shelter"], "age": 16}, [youth.hsds_id, adult.hsds_id, full.hsds_id, draft.hsds_id]
    )

    assert checked == {
        str(youth.hsds_id): [],
        str(adult.hsds_id): ["age"],
        str(full.hsds_id): ["not_accepting"],
        str(draft.hsds_id): ["unavailable"],
    }
    assert query.filter_label("age") == "the client's age is outside its ages"
