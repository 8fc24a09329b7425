from django.core.management.base import BaseCommand, CommandError

from referrals.crypto import PiiUnavailable, rotate


class Command(BaseCommand):
    help = (
        "Re-wrap every referral's data key under the newest key of REFERRAL_MASTER_KEYS. Afterwards the "
        "older master keys can be removed from the environment. Keys no configured master key opens are "
        "listed by referral id and left as they are."
    )

    def handle(self, **options):
        try:
            result = rotate()
        except PiiUnavailable as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Re-wrapped {result.rewrapped} referral key(s) under the newest master key.")
        if result.failed:
            self.stderr.write(
                f"Could not re-wrap {len(result.failed)} referral key(s): no configured master key opens them. "
                "Add the master key that wrapped them and run rotate_keys again. Referrals:"
            )
            for referral_id in result.failed:
                self.stderr.write(f"  {referral_id}")
            raise CommandError(f"{len(result.failed)} referral key(s) could not be re-wrapped (listed above).")
