"""Password reset says the same thing whether or not an account exists, and mails only real accounts."""

import re

from django.core import mail

from .conftest import PASSWORD, sign_in


def _page(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_reset_answers_alike_for_known_and_unknown_addresses(client, advocate):
    known = client.post("/accounts/password/reset/", {"email": "advocate1@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/sent/"
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert _page(known_page) == _page(unknown_page)
    assert "If an account exists for the address you entered, we have sent an email" in known_page.content.decode()
    # Only the real account got a message.
    assert [m.to for m in mail.outbox] == [["advocate1@example.org"]]


def test_reset_email_carries_a_working_link_and_nothing_else_about_the_account(client, advocate):
    client.post("/accounts/password/reset/", {"email": "advocate1@example.org"})
    message = mail.outbox[0]
    assert "advocate1" not in message.body.replace("advocate1@example.org", "")
    assert "Safe Harbor" not in message.body
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200 and b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase-42", "new_password2": "a-new-long-passphrase-42"},
    )
    assert done.status_code == 302
    assert sign_in(client, "advocate1", "a-new-long-passphrase-42").status_code == 302
    client.logout()
    assert sign_in(client, "advocate1", PASSWORD).status_code == 200  # the old password is gone
