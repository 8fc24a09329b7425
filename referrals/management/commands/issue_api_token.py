from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from referrals.access import issue_token
from referrals.models import Membership


class Command(BaseCommand):
    help = "Print a new bearer token for the referral API (and nothing else). Only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not Membership.objects.filter(user=user).exists():
            raise CommandError(f"{username!r} is not a coalition member; run add_member first.")
        self.stdout.write(issue_token(user))
