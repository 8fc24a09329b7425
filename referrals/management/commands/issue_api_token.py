from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from referrals.access import DEFAULT_TOKEN_DAYS, issue_token
from referrals.models import Membership


class Command(BaseCommand):
    help = "Print a new bearer token for the referral API (and nothing else). Only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_TOKEN_DAYS,
            help=f"Days until the token stops working (default {DEFAULT_TOKEN_DAYS}).",
        )

    def handle(self, username, days=DEFAULT_TOKEN_DAYS, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not Membership.objects.filter(user=user).exists():
            raise CommandError(f"{username!r} is not a coalition member; run add_member first.")
        self.stdout.write(issue_token(user, days=days))
