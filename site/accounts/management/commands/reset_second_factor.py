from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.sessions import end_all_sessions


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and passkeys (for a lost phone or key) and sign them out everywhere. "
        "They enrol a new one at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError("No such user.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        passkeys = WebAuthnCredential.objects.filter(user=user).count()
        WebAuthnCredential.objects.filter(user=user).delete()
        ended = end_all_sessions(user)
        self.stdout.write(
            f"Removed {removed} authenticator device(s) and {passkeys} passkey(s), and ended {ended} session(s)."
        )
