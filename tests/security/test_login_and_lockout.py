"""Sign-in: wrong password and unknown user look the same; five failures pause sign-in for 15 minutes."""

import re

from django.contrib.auth import get_user_model

from .conftest import PASSWORD, sign_in


def _visible_text(response):
    """The page as a person sees it, without the per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_sign_in_page_is_one_login_for_site_and_admin(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
    # Wagtail's own login URL hands over to the same page.
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/pages/"
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b'name="password"' in page.content and b"Forgotten your password?" in page.content


def test_wrong_password_and_unknown_user_get_identical_answers(client, advocate):
    wrong_password = sign_in(client, "advocate1", "not-the-password")
    unknown_user = sign_in(client, "nobody-by-this-name", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert "Please enter a correct username and password" in wrong_password.content.decode()
    # Byte for byte the same page, apart from the echoed username field.
    assert _visible_text(wrong_password).replace("advocate1", "X") == _visible_text(unknown_user).replace(
        "nobody-by-this-name", "X"
    )
    assert set(wrong_password.headers) == set(unknown_user.headers)


def test_inactive_user_with_right_password_gets_the_same_answer_as_a_wrong_password(client, advocate):
    advocate.is_active = False
    advocate.save()
    inactive = sign_in(client, "advocate1", PASSWORD)
    wrong = sign_in(client, "advocate1", "not-the-password")
    assert inactive.status_code == wrong.status_code == 200
    assert _visible_text(inactive) == _visible_text(wrong)


def test_five_failures_lock_out_even_the_right_password_for_fifteen_minutes(client, advocate):
    for _ in range(4):
        assert sign_in(client, "advocate1", "guess").status_code == 200
    fifth = sign_in(client, "advocate1", "guess")
    assert fifth.status_code == 429
    assert "Wait 15 minutes" in fifth.content.decode()
    # The right password no longer gets in while the pause lasts.
    right = sign_in(client, "advocate1", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_does_not_reveal_whether_the_account_exists(client, advocate):
    for _ in range(5):
        existing = sign_in(client, "advocate1", "guess")
    for _ in range(5):
        missing = sign_in(client, "ghost-account", "guess")
    assert existing.status_code == missing.status_code == 429
    assert existing.content == missing.content
    assert b"advocate1" not in existing.content and b"ghost-account" not in missing.content


def test_lockout_is_per_username_and_address(client, advocate):
    for _ in range(5):
        sign_in(client, "advocate1", "guess", REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, "advocate1", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The same person from their office address still gets in (no MFA required in test settings).
    ok = sign_in(client, "advocate1", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(advocate.pk)


def test_member_lands_on_referrals_and_staff_on_the_admin_after_sign_in(client, advocate):
    assert sign_in(client, "advocate1")["Location"] == "/referrals/"
    client.logout()
    get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    assert sign_in(client, "editor")["Location"] == "/admin/"
    client.logout()
    # A next pointing off-site is ignored.
    assert sign_in(client, "advocate1", next_url="https://evil.example/")["Location"] == "/referrals/"


def test_sign_in_pages_exist_in_spanish(client, db):
    page = client.get("/es/accounts/login/")
    assert page.status_code == 200
    assert page["Content-Language"] == "es"
    assert 'action="/es/accounts/login/"' in page.content.decode()


def test_behind_a_trusted_proxy_lockouts_key_on_the_real_client(client, advocate, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        sign_in(client, "advocate1", "guess", HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy)
    assert sign_in(client, "advocate1", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy).status_code == 429
    # The same person from another address behind the same proxy is not locked out with the guesser.
    ok = sign_in(client, "advocate1", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    assert ok.status_code == 302
