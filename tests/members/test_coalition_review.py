"""Member edits wait for a coalition reviewer; the member hears the outcome either way."""

import pytest
from django.core import mail
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.models import OrganizationPage


def org_form_data(org, **changes):
    location = org.locations.first()
    data = {
        "title": org.title,
        "slug": org.slug,
        "summary": org.summary,
        "description": rich_text(org.description or "<p>About us.</p>"),
        "website": org.website,
        "phone": org.phone,
        "email": org.email,
        "sector": org.sector,
        "locations": inline_formset(
            [
                {
                    "id": location.pk,
                    "name": location.name,
                    "address_1": location.address_1,
                    "city": location.city,
                    "state_province": location.state_province,
                    "postal_code": location.postal_code,
                    "latitude": location.latitude,
                    "longitude": location.longitude,
                }
            ],
            initial=1,
        ),
    }
    data.update(changes)
    return nested_form_data(data)


def submit_for_review(client, org, **changes):
    data = org_form_data(org, **changes)
    data["action-submit"] = "Submit to Coalition review"
    return client.post(f"/admin/pages/{org.pk}/edit/", data)


def current_task_state(page):
    workflow_state = page.workflow_states.filter(status="in_progress").get()
    return workflow_state.current_task_state


@pytest.mark.django_db
def test_the_directory_is_under_coalition_review(harbor):
    workflow = harbor.get_workflow()
    assert workflow is not None and workflow.name == "Coalition review"
    task = workflow.tasks.get().specific
    assert task.groups.filter(name="Coalition reviewers").exists()


@pytest.mark.django_db
def test_an_edit_by_a_member_is_not_live_until_a_reviewer_approves(login, harbor, harbor_editor, reviewer, client):
    response = submit_for_review(login(harbor_editor), harbor, summary="We now also run a night drop-in.")
    assert response.status_code == 302, response.content.decode()[:2000]

    harbor_live = OrganizationPage.objects.get(pk=harbor.pk)
    assert harbor_live.summary != "We now also run a night drop-in."
    assert "night drop-in" not in client.get(harbor_live.url).content.decode()
    # Reviewers are told something waits for them.
    assert any(reviewer.email in m.to for m in mail.outbox)

    task_state = current_task_state(harbor_live)
    client.force_login(reviewer)
    # The reviewer sees what changed: Wagtail's compare view between the live and the submitted revision.
    compare = client.get(f"/admin/pages/{harbor.pk}/revisions/compare/live...{task_state.revision_id}/")
    assert compare.status_code == 200
    assert "night drop-in" in compare.content.decode()

    mail.outbox.clear()
    response = client.post(f"/admin/pages/workflow/action/{harbor.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code in (200, 302)
    assert OrganizationPage.objects.get(pk=harbor.pk).summary == "We now also run a night drop-in."
    assert [m.to for m in mail.outbox] == [[harbor_editor.email]]


@pytest.mark.django_db
def test_a_reviewer_sends_an_edit_back_with_a_comment_and_the_member_is_told(
    login, harbor, harbor_editor, reviewer, client
):
    submit_for_review(login(harbor_editor), harbor, phone="555-0199")
    task_state = current_task_state(Page.objects.get(pk=harbor.pk))
    client.force_login(reviewer)
    mail.outbox.clear()
    response = client.post(
        f"/admin/pages/workflow/action/{harbor.pk}/reject/{task_state.pk}/",
        {"comment": "Please use the intake line, not the office line."},
    )
    assert response.status_code in (200, 302)
    assert OrganizationPage.objects.get(pk=harbor.pk).phone != "555-0199"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [harbor_editor.email]
    assert "Please use the intake line" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_member_editor_cannot_approve_their_own_edit(login, harbor, harbor_editor):
    client = login(harbor_editor)
    submit_for_review(client, harbor, summary="Self-approved?")
    task_state = current_task_state(Page.objects.get(pk=harbor.pk))
    client.post(f"/admin/pages/workflow/action/{harbor.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert OrganizationPage.objects.get(pk=harbor.pk).summary != "Self-approved?"
