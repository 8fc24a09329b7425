from django.core.management.base import BaseCommand, CommandError

from referrals.crypto import PiiUnavailable, rotate


class Command(BaseCommand):
    help = (
        "Re-wrap every referral's data key under the newest key of REFERRAL_MASTER_KEYS. Afterwards the "
        "older master keys can be removed from the environment."
    )

    def handle(self, **options):
        try:
            count = rotate()
        except PiiUnavailable as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Re-wrapped {count} referral key(s) under the newest master key.")
