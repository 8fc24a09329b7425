"""Who must prove a second factor, and where they go to do it."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from referrals.models import Membership


def sees_referrals(user) -> bool:
    """Anyone who can see referral data: coalition members of any role, and staff (who run the admin)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or Membership.objects.filter(user_id=user.pk).exists()


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def must_verify(user) -> bool:
    """True while a signed-in user still owes a second factor for this session.

    With REQUIRE_MFA on, everyone who can see referrals owes one. Whoever has enrolled a device owes it
    whatever the setting says: an enrolled factor that could be skipped would protect nothing.
    """
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return False
    if has_confirmed_device(user):
        return True
    return bool(settings.REQUIRE_MFA) and sees_referrals(user)


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


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def passkeys_of(user):
    """The user's confirmed passkeys. They are django-otp devices, so must_verify counts them like an app."""
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def has_passkey(user) -> bool:
    return bool(passkeys_of(user))
