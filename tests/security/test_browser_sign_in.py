"""In a real Chromium: sign in, enrol the authenticator, reach the referral screens, with no CSP violation
and with the site's own no-referrer policy in force (so the CSRF check sees `Origin: null`)."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_member_signs_in_and_enrols_an_authenticator_in_a_browser(page, live_server, advocate):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status in (403, 500) else None)

    with override_settings(REQUIRE_MFA=True):
        page.goto(f"{live_server.url}/referrals/")
        assert "/accounts/login/" in page.url
        page.fill("input[name=username]", "advocate1")
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_url("**/accounts/two-factor/setup/**")
        assert page.locator(".qr svg").is_visible()

        device = TOTPDevice.objects.get(user=advocate, confirmed=False)
        page.fill("input[name=code]", code_for(device))
        page.click("form[action$='/two-factor/setup/'] button[type=submit]")
        page.wait_for_url("**/referrals/**")
        assert "/accounts/" not in page.url

    assert TOTPDevice.objects.get(user=advocate).confirmed
    assert problems == []
