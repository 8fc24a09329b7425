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


def translate(page, language="es", publish=True, **fields):
    """The page's translation in `language`, made as an editor does with Wagtail's "Translate" (top down:
    an untranslated parent is translated first, as a published copy), with `fields` as its own words,
    published unless told not to."""
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=language)
    source = type(page).objects.get(pk=page.pk)
    with committed():
        for ancestor in source.get_ancestors().filter(depth__gt=1).specific():
            if ancestor.get_translation_or_none(locale) is None:
                copy = ancestor.copy_for_translation(locale)
                copy.save_revision().publish()
        translation = source.get_translation_or_none(locale)
        translation = translation.specific if translation is not None else source.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()
        if publish:
            translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


def keep_files_in(settings, folder) -> None:
    """Images, documents and training files (the private "training" storage) in this test's own folder."""
    settings.MEDIA_ROOT = str(folder / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "media")},
        },
        "training": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "private"), "base_url": None},
        },
    }
