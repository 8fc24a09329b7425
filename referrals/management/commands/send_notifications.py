from django.core.management.base import BaseCommand

from referrals.notifications import send_pending


class Command(BaseCommand):
    help = "Send every notice still waiting in the outbox (each exactly once; failed ones are retried)."

    def handle(self, **options):
        self.stdout.write(f"Sent {send_pending()} notice(s).")
