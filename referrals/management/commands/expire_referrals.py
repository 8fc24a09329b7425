from django.core.management.base import BaseCommand

from referrals.lifecycle import expire_overdue
from referrals.notifications import send_pending


class Command(BaseCommand):
    help = "Mark referrals nobody answered before their deadline expired, tell their advocates, send notices."

    def handle(self, **options):
        expired = expire_overdue()
        sent = send_pending()
        self.stdout.write(f"Expired {expired} recipient(s); sent {sent} notice(s).")
