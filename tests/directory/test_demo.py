"""The demo coalition: loading it twice changes nothing, and it shows every case the directory handles."""

import re

import pytest
from django.db import transaction
from django.db.models import Count

from directory.demo import load_demo
from directory.models import Language, Location, Need, OrganizationPage, ServicePage
from directory.taxonomy import NEED_CODES


def snapshot():
    return {
        "organizations": OrganizationPage.objects.count(),
        "services": ServicePage.objects.count(),
        "locations": Location.objects.count(),
        "service ids": set(ServicePage.objects.values_list("hsds_id", flat=True)),
        "organization ids": set(OrganizationPage.objects.values_list("hsds_id", flat=True)),
        "paths": set(ServicePage.objects.values_list("url_path", flat=True)),
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it is slow), inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_loaded, db):
    """Each test runs in its own savepoint inside the loaded demo."""


def test_loading_the_demo_twice_adds_nothing(demo):
    first = snapshot()
    counts = load_demo()
    assert counts["created"] == 0
    assert snapshot() == first
    # No duplicates hiding under a second slug or title.
    assert not OrganizationPage.objects.values("title").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not ServicePage.objects.values("url_path").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_the_demo_is_large_enough_and_covers_every_need(demo):
    assert OrganizationPage.objects.live().count() >= 32
    assert ServicePage.objects.live().count() >= 100
    covered = set(Need.objects.filter(services__live=True, services__status="active").values_list("code", flat=True))
    assert covered == set(NEED_CODES)


def test_the_demo_shows_every_kind_of_eligibility_rule(demo):
    services = ServicePage.objects.live()
    assert services.filter(maximum_age__lte=17).exists(), "youth-only"
    assert services.filter(minimum_age__gte=18, maximum_age__isnull=True).exists(), "adults only"
    assert [s for s in services if s.genders], "gender-restricted"
    assert [s for s in services if s.trafficking_types == ["labor"]], "labor trafficking only"
    assert [s for s in services if s.trafficking_types == ["sex"]], "sex trafficking only"


def test_the_demo_shows_every_state_a_listing_can_be_in(demo):
    services = ServicePage.objects.live()
    assert services.filter(intake_24_7=True).count() >= 3
    assert services.filter(accepting_referrals=False).count() >= 2
    assert 1 <= services.exclude(status="active").count() <= 5
    assert services.exclude(capacity_note="").filter(capacity_updated_at__isnull=False).exists()
    assert Location.objects.filter(confidential_address=True).exists()


def test_the_demo_speaks_the_coalitions_languages(demo):
    spoken = set(Language.objects.filter(services__live=True).values_list("code", flat=True))
    assert {"es", "hmn", "vi", "ru", "zh", "tl", "pa"} <= spoken
    assert len(spoken) >= 8


def test_the_demo_is_clearly_sample_data(demo):
    for org in OrganizationPage.objects.all():
        assert "(Sample)" in org.title
        assert re.fullmatch(r"\d{3}-555-01\d\d", org.phone), org.phone
    for service in ServicePage.objects.all():
        assert not service.phone or re.fullmatch(r"\d{3}-555-01\d\d", service.phone)
        assert service.email.endswith(".example.org")
