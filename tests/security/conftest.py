import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from referrals.members import add_member

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organization(site_tree):
    from tests.factories import make_organization

    return make_organization(title="Safe Harbor Sacramento")


@pytest.fixture
def advocate(organization):
    user, _ = add_member("advocate1", "advocate1@example.org", "advocate", organization, password=PASSWORD)
    return user


@pytest.fixture
def coalition_admin(db):
    user, _ = add_member("coadmin", "coadmin@example.org", "coalition-admin", password=PASSWORD)
    return user


@pytest.fixture
def plain_user(db):
    return get_user_model().objects.create_user("neighbour", "neighbour@example.org", PASSWORD)


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for `device` (offset_steps moves it by 30-second steps)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


def sign_in(client, username, password=PASSWORD, next_url=None, **extra):
    data = {"username": username, "password": password}
    path = "/accounts/login/"
    if next_url:
        data["next"] = next_url
    return client.post(path, data, **extra)
