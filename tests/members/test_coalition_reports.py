"""The coalition's reports in the Wagtail admin, and the member actions on the admin's page screens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.live_updates import confirm_listing, update_availability
from directory.models import OrganizationPage, ServicePage
from tests.factories import make_organization, make_service


def report(client, name):
    response = client.get(f"/admin/directory/reports/{name}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_stale_and_never_confirmed_listings(login, reviewer, site_tree):
    stale = make_organization(title="Stale Org (Sample)")
    fresh = make_organization(title="Fresh Org (Sample)")
    never = make_organization(title="Never Org (Sample)")
    OrganizationPage.objects.filter(pk=stale.pk).update(last_verified=timezone.localdate() - timedelta(days=181))
    OrganizationPage.objects.filter(pk=fresh.pk).update(last_verified=timezone.localdate() - timedelta(days=10))
    OrganizationPage.objects.filter(pk=never.pk).update(first_published_at=timezone.now() - timedelta(days=200))

    client = login(reviewer)
    body = report(client, "stale")
    assert "Stale Org" in body and "Never Org" in body and "Fresh Org" not in body
    body = report(client, "never-verified")
    assert "Never Org" in body and "Stale Org" not in body and "Fresh Org" not in body


@pytest.mark.django_db
def test_services_missing_essentials(login, reviewer, harbor):
    make_service(harbor, title="Complete Service", schedules=[(0, "09:00", "17:00")])
    make_service(harbor, title="Always Open Service", intake_24_7=True)
    make_service(harbor, title="No Hours Service")
    make_service(harbor, title="No Language Service", languages=(), intake_24_7=True)
    make_service(harbor, title="Nowhere Service", locations=[], intake_24_7=True)

    body = report(login(reviewer), "missing-essentials")
    assert "Complete Service" not in body and "Always Open Service" not in body
    assert "No Hours Service" in body and "No Language Service" in body and "Nowhere Service" in body


@pytest.mark.django_db
def test_recent_changes(login, reviewer, harbor_shelter, harbor_editor):
    draft = ServicePage.objects.get(pk=harbor_shelter.pk)
    draft.summary = "Changed"
    draft.save_revision(user=harbor_editor, log_action=True)
    confirm_listing(harbor_shelter.get_parent().specific, harbor_editor)
    update_availability(harbor_shelter, harbor_editor, False, "Full tonight")
    body = report(login(reviewer), "recent-changes")
    assert "Availability updated (without review)" in body
    assert "Emergency Shelter" in body
    assert "Listing confirmed as correct" in body
    assert "harbor-editor" in body


@pytest.mark.django_db
def test_member_editors_see_only_their_own_organization_in_reports(login, harbor, lifeline, harbor_editor):
    for org in (harbor, lifeline):
        OrganizationPage.objects.filter(pk=org.pk).update(last_verified=timezone.localdate() - timedelta(days=300))
    body = report(login(harbor_editor), "stale")
    assert harbor.title in body and lifeline.title not in body


@pytest.mark.django_db
def test_the_admin_offers_the_member_actions_on_their_own_pages_only(login, harbor_shelter, lifeline, harbor_editor):
    harbor = harbor_shelter.get_parent()
    client = login(harbor_editor)
    explorer = client.get(f"/admin/pages/{harbor.pk}/").content.decode()
    assert f"/admin/directory/organizations/{harbor.pk}/confirm/" in explorer
    assert f"/admin/directory/services/{harbor_shelter.pk}/availability/" in explorer
    edit = client.get(f"/admin/pages/{harbor_shelter.pk}/edit/").content.decode()
    assert "Update availability" in edit
    assert client.get(f"/admin/directory/organizations/{lifeline.pk}/confirm/").status_code in (302, 403)


@pytest.mark.django_db
def test_a_member_editors_dashboard_shows_their_listing_and_its_quick_actions(login, harbor_shelter, harbor_editor):
    body = login(harbor_editor).get("/admin/").content.decode()
    assert "Harbor House (Sample)" in body
    assert f"/admin/directory/services/{harbor_shelter.pk}/availability/" in body
    assert f"/admin/directory/organizations/{harbor_shelter.get_parent().pk}/confirm/" in body
