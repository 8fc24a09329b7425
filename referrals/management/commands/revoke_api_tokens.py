from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from referrals.access import revoke_tokens


class Command(BaseCommand):
    help = "Revoke a user's API tokens at once (all of them, or the one starting with --prefix)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--prefix", default="", help="The first characters of one token.")

    def handle(self, username, prefix="", **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        self.stdout.write(f"Revoked {revoke_tokens(user, prefix)} token(s).")
