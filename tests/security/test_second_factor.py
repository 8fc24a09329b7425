"""With REQUIRE_MFA on, whoever can see referrals proves a TOTP code before reaching anything else."""

import re

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import code_for, sign_in

pytestmark = pytest.mark.usefixtures("_mfa_on")


@pytest.fixture
def _mfa_on():
    with override_settings(REQUIRE_MFA=True):
        yield


def _assert_reaches_referrals(client):
    response = client.get("/referrals/", follow=True)
    assert response.status_code == 200
    assert not any(url.startswith("/accounts/") for url, _ in response.redirect_chain)


def _enrol(client):
    """Open the enrolment page and confirm with the code an app would show; returns the device."""
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": code_for(device)})
    device.refresh_from_db()
    return device, response


def test_member_without_a_device_is_sent_to_enrolment_and_cannot_reach_referrals_or_admin(client, advocate):
    response = sign_in(client, "advocate1", next_url="/referrals/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/?next=%2Freferrals%2F"
    for url, setup in [
        ("/referrals/", "/accounts/two-factor/setup/"),
        ("/admin/", "/accounts/two-factor/setup/"),
        ("/", "/accounts/two-factor/setup/"),
        ("/es/", "/es/accounts/two-factor/setup/"),
    ]:
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(setup), url


def test_session_calls_to_the_json_api_get_401_until_the_second_factor(client, advocate):
    sign_in(client, "advocate1")
    response = client.post("/api/referrals/match", {"needs": ["case-management"]}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "second_factor_required"


def test_bearer_token_calls_are_left_to_the_api(client, advocate):
    sign_in(client, "advocate1")
    response = client.get("/api/referrals/nothing-here", HTTP_AUTHORIZATION="Bearer not-a-real-token")
    # Whatever the API answers, it is not the second-factor gate's answer.
    assert not (response.status_code == 401 and b"second_factor_required" in response.content)
    assert not response.get("Location", "").startswith("/accounts/two-factor/")


def test_an_authorization_header_does_not_open_the_pages(client, advocate):
    sign_in(client, "advocate1")
    response = client.get("/referrals/", HTTP_AUTHORIZATION="Bearer anything")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")


def test_enrolment_shows_an_inline_svg_qr_code_and_the_secret(client, advocate):
    sign_in(client, "advocate1")
    page = client.get("/accounts/two-factor/setup/")
    html = page.content.decode()
    assert "<svg" in html and "<img" not in html.split('class="qr"')[1].split("</div>")[0]
    device = TOTPDevice.objects.get(user=advocate, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    shown = "".join(re.search(r'<p class="secret">(.*?)</p>', html, re.S).group(1).split())
    assert shown == secret
    assert "no-store" in page["Cache-Control"]


def test_after_a_valid_code_the_member_reaches_referrals_and_the_admin_user_the_admin(client, coalition_admin):
    sign_in(client, "coadmin")
    device, response = _enrol(client)
    assert device.confirmed
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 200
    _assert_reaches_referrals(client)


def test_a_wrong_code_does_not_confirm_enrolment(client, advocate):
    sign_in(client, "advocate1")
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=advocate)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/setup/", {"code": wrong})
    assert response.status_code == 400
    assert "That code did not work" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/referrals/")["Location"].startswith("/accounts/two-factor/setup/")


def test_next_sign_in_asks_for_a_code_and_a_valid_one_lets_the_member_in(client, advocate):
    sign_in(client, "advocate1")
    device, _ = _enrol(client)
    client.post("/accounts/logout/")

    response = sign_in(client, "advocate1", next_url="/admin/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fadmin%2F"
    assert client.get("/referrals/")["Location"].startswith("/accounts/two-factor/verify/")
    # A password alone cannot swap in a new authenticator.
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/verify/")

    # The code already used at enrolment is refused (no replay); the next one works.
    replay = client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    assert replay.status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post("/accounts/two-factor/verify/", {"code": code_for(device, offset_steps=1), "next": "/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    _assert_reaches_referrals(client)


def test_people_without_referral_access_are_not_asked_for_a_second_factor(client, plain_user):
    response = sign_in(client, "neighbour")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@override_settings(REQUIRE_MFA=False)
def test_with_mfa_off_a_member_without_a_device_goes_straight_in(client, advocate):
    assert sign_in(client, "advocate1")["Location"] == "/referrals/"
    _assert_reaches_referrals(client)
