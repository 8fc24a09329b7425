"""Admin robustness: copying listings in the Wagtail admin, and the problem-report usage view."""

import pytest

from directory.models import Location, OrganizationPage, ProblemReport, ServicePage

pytestmark = pytest.mark.django_db


def copy_in_admin(client, page, parent, title, slug, subpages=False, publish=False):
    data = {"new_title": title, "new_slug": slug, "new_parent_page": parent.pk}
    if subpages:
        data["copy_subpages"] = "on"
    if publish:
        data["publish_copies"] = "on"
    response = client.post(f"/admin/pages/{page.pk}/copy/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return page.__class__.objects.get(slug=slug)


def test_copying_a_service_gives_the_copy_its_own_hsds_id(login, reviewer, harbor, harbor_shelter):
    admin = login(reviewer)

    copy = copy_in_admin(admin, harbor_shelter, harbor, "Emergency Shelter (copy)", "emergency-shelter-copy")

    assert copy.hsds_id != harbor_shelter.hsds_id
    # The copy is a draft; publishing it keeps its own id (the copied revisions carry the new one).
    copy.get_latest_revision().publish()
    copy.refresh_from_db()
    assert copy.live and copy.hsds_id != harbor_shelter.hsds_id
    assert ServicePage.objects.filter(hsds_id=harbor_shelter.hsds_id).count() == 1


def test_copying_an_organization_with_its_services_gives_every_copy_a_new_id(
    login, reviewer, site_tree, harbor, harbor_shelter
):
    admin = login(reviewer)
    original_location = harbor.locations.get()

    copy = copy_in_admin(admin, harbor, site_tree, "Harbor House Two", "harbor-house-two", subpages=True, publish=True)

    assert copy.hsds_id != harbor.hsds_id
    (location,) = copy.locations.all()
    assert location.hsds_id != original_location.hsds_id
    assert location.postal_code == original_location.postal_code  # the place itself is copied
    (service,) = ServicePage.objects.child_of(copy)
    assert service.hsds_id != harbor_shelter.hsds_id

    # Editing and publishing the copy later keeps the new ids and leaves the original alone.
    copy.get_latest_revision_as_object().save_revision().publish()
    copy.refresh_from_db()
    assert copy.locations.get().hsds_id == location.hsds_id
    assert Location.objects.get(pk=original_location.pk).hsds_id == original_location.hsds_id
    assert OrganizationPage.objects.filter(hsds_id=harbor.hsds_id).count() == 1


def test_the_usage_view_of_another_organizations_report_is_not_found(
    client, login, harbor_shelter, lifeline_line, harbor_editor
):
    ours = ProblemReport.objects.create(
        page=harbor_shelter,
        organization=harbor_shelter.get_parent().specific,
        kind=ProblemReport.Kind.choices[0][0],
        message="Phone is wrong",
    )
    theirs = ProblemReport.objects.create(
        page=lifeline_line,
        organization=lifeline_line.get_parent().specific,
        kind=ProblemReport.Kind.choices[0][0],
        message="Hours are wrong",
    )
    admin = login(harbor_editor)

    assert admin.get(f"/admin/snippets/directory/problemreport/usage/{ours.pk}/").status_code == 200
    assert admin.get(f"/admin/snippets/directory/problemreport/usage/{theirs.pk}/").status_code == 404
    # The same answer as for a report that does not exist: nothing to tell the two apart.
    assert admin.get("/admin/snippets/directory/problemreport/usage/999999/").status_code == 404
    for view in ("delete",):
        mine = admin.get(f"/admin/snippets/directory/problemreport/{view}/{ours.pk}/").status_code
        other = admin.get(f"/admin/snippets/directory/problemreport/{view}/{theirs.pk}/").status_code
        missing = admin.get(f"/admin/snippets/directory/problemreport/{view}/999999/").status_code
        assert other == missing or other == mine, (view, mine, other, missing)
