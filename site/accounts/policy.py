"""Who must prove a second factor, and where they go to do it."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import devices_for_user

from referrals.models import Membership

# The second-factor policy belongs with the memberships it depends on (referrals); the site layer calls it.
from referrals.policy import has_confirmed_device, must_verify, sees_referrals  # noqa: F401


def second_factor_url(user, next_url: str = "") -> str:
    """The verification page for a user with a device, the enrolment page for one without."""
    name = "mfa_verify" if has_confirmed_device(user) else "mfa_setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def default_landing(user) -> str:
    """Where a user lands after signing in when nothing asked for a particular page."""
    if Membership.objects.filter(user_id=user.pk).exists():
        return "/referrals/"
    if user.is_staff or user.is_superuser:
        return "/admin/"
    return "/"


def safe_next(request, candidate: str | None) -> str:
    """`candidate` when it points back into this site, otherwise an empty string."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))
