from django.core.management.base import BaseCommand

from directory.verification import REMINDER_THRESHOLDS, send_verification_reminders


class Command(BaseCommand):
    help = (
        "Email each organization's editors when its listing was last confirmed "
        f"{', '.join(map(str, REMINDER_THRESHOLDS))} days ago. Run daily; a second run sends nothing new."
    )

    def handle(self, *args, **options):
        results = send_verification_reminders()
        for result in results:
            self.stdout.write(
                f"{result.threshold}-day reminder: {result.organization.title} ({result.recipients} editor(s))"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(results)} reminder(s) handed to the worker."))
