"""The Wagtail admin works behind the one sign-in and the second factor; a lost phone can be reset."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import code_for, sign_in


@pytest.fixture
def service(organization):
    from tests.factories import make_service

    return make_service(organization, title="Emergency Shelter", schedules=[(0, "09:00", "17:00")])


@override_settings(REQUIRE_MFA=True)
def test_coalition_admin_edits_a_service_page_after_the_second_factor(client, coalition_admin, service):
    response = sign_in(client, "coadmin", next_url=f"/admin/pages/{service.pk}/edit/")
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=coalition_admin)
    done = client.post(
        "/accounts/two-factor/setup/", {"code": code_for(device), "next": f"/admin/pages/{service.pk}/edit/"}
    )
    assert done["Location"] == f"/admin/pages/{service.pk}/edit/"
    edit = client.get(done["Location"])
    assert edit.status_code == 200
    assert "Emergency Shelter" in edit.content.decode()
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_MFA=True)
def test_wrong_codes_are_throttled(client, advocate):
    sign_in(client, "advocate1")
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=advocate)
    device.confirmed = True
    device.save()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post("/accounts/two-factor/verify/", {"code": wrong})
    # Right after a failure the device refuses even the right code for a moment.
    blocked = client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    assert blocked.status_code == 400
    assert "Too many wrong codes" in blocked.content.decode()


def test_resetting_a_lost_authenticator_removes_it_and_signs_the_user_out(client, advocate):
    sign_in(client, "advocate1")
    client.get("/accounts/two-factor/setup/")
    key = client.session.session_key
    call_command("reset_second_factor", "advocate1")
    assert not TOTPDevice.objects.filter(user=advocate).exists()
    assert not Session.objects.filter(session_key=key).exists()
