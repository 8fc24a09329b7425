"""Background work for referrals (django-tasks). The scheduler also runs the management commands."""

from django_tasks import task

from . import lifecycle
from .notifications import send_pending_notifications  # noqa: F401 — re-exported for the worker


@task()
def expire_overdue_referrals() -> int:
    return lifecycle.expire_overdue()
