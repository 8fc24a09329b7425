from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from referrals.access import revoke_tokens


class Command(BaseCommand):
    help = "Revoke a user's API tokens at once (all of them, or the one starting with --prefix), listing each."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--prefix", default="", help="The first characters of one token.")

    def handle(self, username, prefix="", **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        revoked = revoke_tokens(user, prefix)
        for token in revoked:
            expires = f"{token.expires_at:%Y-%m-%d}" if token.expires_at else "never"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"Revoked {token.prefix}… (issued {token.created_at:%Y-%m-%d %H:%M}, last used {used}, "
                f"would have expired {expires})"
            )
        self.stdout.write(f"Revoked {len(revoked)} token(s).")
