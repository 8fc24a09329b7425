"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the authenticator app.

A user with a passkey owes it at every sign-in: a password alone opens no page and no API call, whatever
REQUIRE_MFA says. The browser test at the end enrols and uses a passkey in Chromium with a virtual
authenticator (WebAuthn refuses IP addresses as relying party, so the live server is reached as localhost).
"""

import hashlib
import secrets

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .conftest import PASSWORD, code_for, sign_in


def give_passkey(user, name="Laptop passkey"):
    """A stored passkey, as the registration ceremony leaves it (the key material is not used here)."""
    credential_id = secrets.token_bytes(32)
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
        public_key=secrets.token_bytes(77),
        sign_count=0,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("require_mfa", [False, True])
def test_a_user_with_a_passkey_cannot_use_a_password_only_session_anywhere(client, advocate, require_mfa):
    give_passkey(advocate)
    with override_settings(REQUIRE_MFA=require_mfa):
        response = sign_in(client, "advocate1", next_url="/referrals/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/two-factor/verify/?next=%2Freferrals%2F"

        for url in (
            "/referrals/",
            "/referrals/new/",
            "/admin/",
            "/accounts/two-factor/setup/",
            "/accounts/two-factor/setup/passkey/",
            "/es/referrals/",
        ):
            response = client.get(url)
            assert response.status_code == 302, url
            assert "/accounts/two-factor/verify/" in response["Location"], url
        for method, url in (("get", "/api/referrals"), ("post", "/api/referrals/match"), ("post", "/api/referrals")):
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code == 401, url
            assert response.json()["error"]["code"] == "second_factor_required"
        # Nor can a stolen password add the thief's own passkey or authenticator app.
        response = client.post("/accounts/two-factor/setup/passkey/begin/", content_type="application/json")
        assert response.status_code in (401, 403)
        assert not TOTPDevice.objects.filter(user=advocate, confirmed=True).exists()


@pytest.mark.django_db
def test_the_verify_page_offers_the_passkey_and_the_code_only_when_there_is_an_app(client, advocate):
    give_passkey(advocate)
    sign_in(client, "advocate1")
    page = client.get("/accounts/two-factor/verify/?next=/referrals/").content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    assert "otp_webauthn_auth.js" in page
    assert 'name="code"' not in page  # no app enrolled: nothing to type
    assert '<script id="otp_webauthn_config" type="application/json">' in page
    assert "<script>" not in page  # the library's code comes as a static file; the CSP stays strict

    TOTPDevice.objects.create(user=advocate, name="app", confirmed=True)
    page = client.get("/accounts/two-factor/verify/").content.decode()
    assert 'id="passkey-verification-placeholder"' in page and 'name="code"' in page

    spanish = client.get("/es/accounts/two-factor/verify/").content.decode()
    assert "Usar su llave de acceso" in spanish and "Use your passkey" not in spanish


@pytest.mark.django_db
def test_passkey_sign_in_never_replaces_the_password(client, advocate):
    give_passkey(advocate)
    response = client.post("/accounts/two-factor/verify/passkey/begin/", content_type="application/json")
    assert response.status_code in (401, 403)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_enrolled_user_adds_a_passkey_only_after_verifying(client, advocate):
    device = TOTPDevice.objects.create(user=advocate, name="app", confirmed=True)
    sign_in(client, "advocate1")
    response = client.get("/accounts/two-factor/setup/passkey/")
    assert response.status_code == 302 and "/two-factor/verify/" in response["Location"]

    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    page = client.get("/accounts/two-factor/setup/passkey/")
    assert page.status_code == 200
    assert 'id="passkey-registration-placeholder"' in page.content.decode()
    begin = client.post("/accounts/two-factor/setup/passkey/begin/", content_type="application/json")
    assert begin.status_code == 200
    assert begin.json()["rp"]["id"] == "localhost"


@pytest.mark.django_db
def test_reset_second_factor_removes_passkeys_too(advocate, capsys):
    give_passkey(advocate)
    TOTPDevice.objects.create(user=advocate, name="app", confirmed=True)
    call_command("reset_second_factor", "advocate1")
    assert not WebAuthnCredential.objects.filter(user=advocate).exists()
    assert not TOTPDevice.objects.filter(user=advocate).exists()
    assert "1 passkey(s)" in capsys.readouterr().out


# --- In Chromium, with a virtual authenticator ------------------------------------------------------------


def _add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def _sign_in_with_password(page, base_url):
    page.goto(f"{base_url}/referrals/")
    page.fill("input[name=username]", "advocate1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action$='/accounts/login/'] button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enrol_a_passkey_and_sign_in_with_it_in_a_browser(page, live_server, advocate):
    base_url = live_server.url.replace("127.0.0.1", "localhost")
    assert base_url.startswith("http://localhost:")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status in (403, 500) else None)
    _add_virtual_authenticator(page)

    with override_settings(REQUIRE_MFA=True, OTP_WEBAUTHN_RP_ID="localhost", OTP_WEBAUTHN_ALLOWED_ORIGINS=[base_url]):
        # Enrolment: password, then a passkey instead of an authenticator app.
        _sign_in_with_password(page, base_url)
        page.wait_for_url("**/accounts/two-factor/setup/**")
        page.click("text=Use a passkey instead")
        page.wait_for_url("**/accounts/two-factor/setup/passkey/**")
        page.click("#passkey-register-button")
        page.wait_for_selector("a.button:has-text('Continue')")
        assert WebAuthnCredential.objects.filter(user=advocate, confirmed=True).count() == 1
        page.click("a.button:has-text('Continue')")
        page.wait_for_url("**/referrals/**")
        assert "/accounts/" not in page.url

        # A new sign-in: the password alone is not enough; the passkey finishes it.
        page.context.clear_cookies()
        _sign_in_with_password(page, base_url)
        page.wait_for_url("**/accounts/two-factor/verify/**")
        page.goto(f"{base_url}/referrals/")
        assert "/accounts/two-factor/verify/" in page.url
        page.click("#passkey-verification-button")
        page.wait_for_url("**/referrals/**", timeout=15000)
        assert "/accounts/" not in page.url

    credential = WebAuthnCredential.objects.get(user=advocate)
    assert credential.last_used_at is not None
    assert problems == []
