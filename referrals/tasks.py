"""Background work for referrals (django-tasks). The scheduler also runs the management commands."""

from django_tasks import task

from . import lifecycle
from .notifications import send_pending_notifications  # noqa: F401 — re-exported for the worker


@task()
def expire_overdue_referrals() -> int:
    return lifecycle.expire_overdue()


@task()
def purge_closed_referrals() -> int:
    from . import audit, privacy

    purged = privacy.purge_closed()
    if purged:
        audit.record(None, None, "referral.purge", purged, channel="system")
    return len(purged)
