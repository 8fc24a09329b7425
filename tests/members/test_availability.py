"""A member changes a service's availability at once, without review; matching follows at once."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.live_updates import update_availability
from directory.models import CapacityChange, ServicePage
from search.service import match


def availability_url(service):
    return f"/admin/directory/services/{service.pk}/availability/"


def shelter_matches():
    response = match({"needs": ["emergency-shelter"]})
    return [r["service_name"] for r in response["results"]]


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend_name(request, settings, site_tree):
    """Each matching test runs on the embedded backend and on a genuine Elasticsearch node."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.mark.django_db
def test_marking_a_service_not_accepting_takes_it_out_of_matches_at_once(
    backend_name, login, harbor_shelter, harbor_editor, django_capture_on_commit_callbacks
):
    assert match({"needs": ["emergency-shelter"]})["backend"] == backend_name
    assert "Emergency Shelter" in shelter_matches()

    with django_capture_on_commit_callbacks(execute=True):  # the request's commit enqueues the index update
        response = login(harbor_editor).post(
            availability_url(harbor_shelter), {"accepting_referrals": "no", "capacity_note": "Full tonight"}
        )
    assert response.status_code == 302

    live = ServicePage.objects.get(pk=harbor_shelter.pk)
    assert live.accepting_referrals is False
    assert live.capacity_note == "Full tonight"
    assert live.capacity_updated_at is not None
    assert "Emergency Shelter" not in shelter_matches()

    with django_capture_on_commit_callbacks(execute=True):
        login(harbor_editor).post(
            availability_url(harbor_shelter), {"accepting_referrals": "yes", "capacity_note": "2 beds free"}
        )
    assert "Emergency Shelter" in shelter_matches()


@pytest.mark.django_db
def test_each_availability_statement_is_logged_with_who_and_old_and_new(login, harbor_shelter, harbor_editor):
    login(harbor_editor).post(
        availability_url(harbor_shelter), {"accepting_referrals": "yes", "capacity_note": "2 beds free"}
    )
    change = CapacityChange.objects.get(service=harbor_shelter)
    assert change.changed_by == harbor_editor
    assert (change.old_accepting, change.new_accepting) == (True, True)
    assert (change.old_note, change.new_note) == ("", "2 beds free")
    change.new_note = "rewritten"
    with pytest.raises(ValueError):
        change.save()


@pytest.mark.django_db
def test_the_listing_shows_the_capacity_and_its_age(client, harbor_shelter, harbor_editor):
    update_availability(harbor_shelter, harbor_editor, True, "2 beds free")
    ServicePage.objects.filter(pk=harbor_shelter.pk).update(capacity_updated_at=timezone.now() - timedelta(hours=3))
    page = client.get(harbor_shelter.url).content.decode()
    assert "2 beds free" in page
    assert re.search(r"3(\s|&nbsp;|\xa0)hours ago", page)


@pytest.mark.django_db
def test_an_older_draft_published_later_does_not_undo_the_availability(harbor_shelter, harbor_editor, reviewer):
    draft = ServicePage.objects.get(pk=harbor_shelter.pk)
    draft.summary = "Edited summary waiting for review"
    revision = draft.save_revision(user=harbor_editor)

    update_availability(harbor_shelter, harbor_editor, False, "Full until Monday")

    revision.refresh_from_db()
    revision.publish(user=reviewer)
    live = ServicePage.objects.get(pk=harbor_shelter.pk)
    assert live.summary == "Edited summary waiting for review"
    assert live.accepting_referrals is False
    assert live.capacity_note == "Full until Monday"


@pytest.mark.django_db
def test_only_that_organizations_editors_and_coalition_admins_may_update_availability(
    login, harbor_shelter, lifeline_editor, reviewer
):
    response = login(lifeline_editor).post(availability_url(harbor_shelter), {"accepting_referrals": "no"})
    assert response.status_code in (302, 403)
    assert ServicePage.objects.get(pk=harbor_shelter.pk).accepting_referrals is True
    assert not CapacityChange.objects.exists()

    response = login(reviewer).post(availability_url(harbor_shelter), {"accepting_referrals": "no"})
    assert response.status_code == 302
    assert ServicePage.objects.get(pk=harbor_shelter.pk).accepting_referrals is False


@pytest.mark.django_db
def test_the_availability_screen_offers_the_current_values(login, harbor_shelter, harbor_editor):
    update_availability(harbor_shelter, harbor_editor, True, "3 beds free")
    response = login(harbor_editor).get(availability_url(harbor_shelter))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="3 beds free"' in body
    assert "Update availability" in body


@pytest.mark.django_db
def test_the_page_editor_shows_availability_but_cannot_carry_an_old_value_back(login, harbor_shelter, harbor_editor):
    client = login(harbor_editor)
    edit = client.get(f"/admin/pages/{harbor_shelter.pk}/edit/").content.decode()
    assert 'name="capacity_note"' not in edit and 'name="accepting_referrals"' not in edit
    assert "Update availability" in edit

    # A draft saved from a form opened before the change keeps the new availability.
    update_availability(harbor_shelter, harbor_editor, False, "Full tonight")
    draft = ServicePage.objects.get(pk=harbor_shelter.pk).get_latest_revision_as_object()
    assert (draft.accepting_referrals, draft.capacity_note) == (False, "Full tonight")
