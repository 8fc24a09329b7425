from django.core.management.base import BaseCommand
from django.utils import timezone

from lists.models import SharedList


class Command(BaseCommand):
    help = "Delete shared resource lists whose link has expired (run daily)."

    def handle(self, *args, **options):
        deleted, _ = SharedList.objects.filter(expires_at__lte=timezone.now()).delete()
        self.stdout.write(f"{deleted} expired shared lists deleted.")
