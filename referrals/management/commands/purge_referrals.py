from django.conf import settings
from django.core.management.base import BaseCommand

from referrals import audit
from referrals.privacy import purge_closed


class Command(BaseCommand):
    help = "Destroy the client details (key and ciphertext) and note of referrals closed longer than retention."

    def handle(self, **options):
        purged = purge_closed()
        if purged:
            audit.record(None, None, "referral.purge", purged, channel="system")
        days = settings.REFERRAL_RETENTION_DAYS
        self.stdout.write(f"Purged {len(purged)} referral(s) closed more than {days} day(s) ago.")
