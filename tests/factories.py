"""Test data builders. Each makes a published page in the real page tree, with sensible defaults."""

import itertools
from contextlib import contextmanager
from datetime import time

from django.test import TestCase

from directory.models import (
    Language,
    Location,
    Need,
    OrganizationPage,
    Population,
    ServicePage,
    ServiceSchedule,
)
from directory.site_tree import ensure_site_tree

_counter = itertools.count(1)


@contextmanager
def committed():
    """Run what the block leaves for the commit (index updates, cache clears) at its end, as a real commit
    would: a test runs inside a transaction that is rolled back, so nothing would run otherwise."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def make_organization(title=None, postal_code="95814", publish=True, locations=None, **fields):
    """An organization with one location (geocoded from `postal_code`) unless `locations` is given."""
    n = next(_counter)
    index = ensure_site_tree()
    org = OrganizationPage(title=title or f"Test Organization {n}", slug=f"test-org-{n}", **fields)
    if locations is None:
        locations = [Location(name=f"Office {n}", address_1="1 Main Street", postal_code=postal_code)]
    org.locations = locations
    index.add_child(instance=org)
    with committed():
        if publish:
            org.save_revision().publish()
        else:
            org.unpublish()
    return org


def make_service(
    organization=None,
    title=None,
    needs=("case-management",),
    languages=("en",),
    populations=(),
    schedules=(),
    publish=True,
    locations=None,
    **fields,
):
    """A service under `organization` (a new one when omitted) at all of that organization's locations.

    `schedules` is a list of (weekday, "HH:MM", "HH:MM").
    """
    n = next(_counter)
    organization = organization or make_organization()
    service = ServicePage(title=title or f"Test Service {n}", slug=f"test-service-{n}", **fields)
    service.needs = list(Need.objects.filter(code__in=needs))
    service.languages = list(Language.objects.filter(code__in=languages))
    service.populations = list(Population.objects.filter(code__in=populations))
    service.locations = list(locations if locations is not None else organization.locations.all())
    service.schedules = [
        ServiceSchedule(weekday=day, opens_at=time.fromisoformat(o), closes_at=time.fromisoformat(c))
        for day, o, c in schedules
    ]
    organization.add_child(instance=service)
    with committed():
        if publish:
            service.save_revision().publish()
        else:
            service.unpublish()
    return ServicePage.objects.get(pk=service.pk)
