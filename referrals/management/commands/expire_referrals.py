from django.core.management.base import BaseCommand

from referrals.lifecycle import expire_overdue
from referrals.notifications import send_pending
from referrals.operations.actions import widen_unanswered


class Command(BaseCommand):
    help = (
        "Mark referrals nobody answered before their deadline expired, tell their advocates, widen unanswered "
        "placements of active operations, send notices."
    )

    def handle(self, **options):
        expired = expire_overdue()
        widened = widen_unanswered()
        sent = send_pending()
        self.stdout.write(f"Expired {expired} recipient(s); widened {widened} placement(s); sent {sent} notice(s).")
