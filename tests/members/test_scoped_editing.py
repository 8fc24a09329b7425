"""Each member organization edits its own listing and nothing else; new members are invited by email."""

import pytest
from django.core import mail
from django.core.management import call_command

from referrals.members import add_member


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


@pytest.mark.django_db
def test_editor_opens_the_edit_screen_of_their_own_organization_and_its_services(
    login, harbor_editor, harbor, harbor_shelter
):
    client = login(harbor_editor)
    assert client.get(edit_url(harbor)).status_code == 200
    assert client.get(edit_url(harbor_shelter)).status_code == 200


@pytest.mark.django_db
def test_editor_cannot_open_another_organizations_edit_screens(login, harbor_editor, lifeline, lifeline_line):
    client = login(harbor_editor)
    for page in (lifeline, lifeline_line):
        response = client.get(edit_url(page))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert edit_url(page) not in response["Location"]


@pytest.mark.django_db
def test_editor_cannot_publish_directly(harbor_editor, harbor, harbor_shelter):
    for page in (harbor, harbor_shelter):
        permissions = page.permissions_for_user(harbor_editor)
        assert permissions.can_edit()
        assert not permissions.can_publish()
    assert harbor.permissions_for_user(harbor_editor).can_add_subpage()  # new services


@pytest.mark.django_db
def test_add_member_command_puts_a_provider_in_their_organizations_editors_group(harbor, lifeline):
    call_command(
        "add_member",
        "new-provider",
        "--email",
        "new@harbor.example.org",
        "--role",
        "provider",
        "--org",
        str(harbor.hsds_id),
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="new-provider")
    assert harbor.permissions_for_user(user).can_edit()
    assert not lifeline.permissions_for_user(user).can_edit()


@pytest.mark.django_db
def test_new_member_gets_an_email_to_set_their_password(harbor, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_member("invited", "invited@harbor.example.org", "provider", harbor)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["invited@harbor.example.org"]
    link = next(line for line in message.body.splitlines() if "/reset/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


@pytest.mark.django_db
def test_existing_member_or_member_with_a_password_gets_no_invitation(harbor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_member("has-password", "p@harbor.example.org", "provider", harbor, password="long-password-1")
        add_member("again", "a@harbor.example.org", "advocate", harbor, password="long-password-2")
        add_member("again", "a@harbor.example.org", "provider", harbor)  # not new
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_provider_moved_to_another_organization_loses_the_first(harbor, lifeline):
    user, _ = add_member("mover", "m@example.org", "provider", harbor, password="long-password-1")
    add_member("mover", "m@example.org", "provider", lifeline, password="long-password-1")
    assert not harbor.permissions_for_user(user).can_edit()
    assert lifeline.permissions_for_user(user).can_edit()
