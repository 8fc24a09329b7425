"""Keeping listings current: how old a listing's last confirmation is, reminders, and confirmation links.

A listing counts from its last confirmation (`OrganizationPage.last_verified`), or from its first
publication when it was never confirmed. At 150, 170 and 180 days its editors get a reminder with a link
that confirms the listing in one action; after 180 days the public site marks it "may be out of date".
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .editors import listing_editors
from .locales import in_source_locale
from .models import OrganizationPage, VerificationReminder

logger = logging.getLogger(__name__)
STALE_AFTER_DAYS = 180
REMINDER_THRESHOLDS = (150, 170, 180)
LINK_SALT = "directory.verify-listing"
LINK_MAX_AGE = timedelta(days=45)


def counted_from(organization: OrganizationPage) -> date | None:
    """The date a listing's age counts from: its last confirmation, else its first publication."""
    if organization.last_verified:
        return organization.last_verified
    if organization.first_published_at:
        return timezone.localdate(organization.first_published_at)
    return None


def age_in_days(organization: OrganizationPage, today: date | None = None) -> int | None:
    start = counted_from(organization)
    if start is None:
        return None
    return ((today or timezone.localdate()) - start).days


def is_stale(organization: OrganizationPage, today: date | None = None) -> bool:
    """Not confirmed for more than 180 days (a never-confirmed listing counts from its publication)."""
    age = age_in_days(organization, today)
    return age is not None and age > STALE_AFTER_DAYS


def stale_cutoff(today: date | None = None) -> date:
    """Listings last confirmed before this date are stale."""
    return (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)


# --- Confirmation links ------------------------------------------------------------------------------


def make_link_token(organization: OrganizationPage, user) -> str:
    return signing.dumps({"o": organization.pk, "u": user.pk}, salt=LINK_SALT, compress=True)


def read_link_token(token: str) -> tuple[int, int] | None:
    """(organization pk, user pk) from a link token, or None when it is forged or too old."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        return int(data["o"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def confirmation_url(organization: OrganizationPage, user) -> str:
    path = reverse("directory_members:confirm_listing", args=[make_link_token(organization, user)])
    return settings.SITE_BASE_URL + path


# --- Reminders ---------------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    organization: OrganizationPage
    threshold: int
    recipients: int


def due_threshold(age: int | None) -> int | None:
    """The highest reminder threshold an age has reached (None below the first)."""
    if age is None:
        return None
    reached = [t for t in REMINDER_THRESHOLDS if age >= t]
    return max(reached) if reached else None


def send_verification_reminders(today: date | None = None) -> list[ReminderResult]:
    """Queue a reminder to each live organization's editors once per threshold reached; safe to rerun the same day.

    Only the highest threshold reached is sent (an organization that was missed at 150 days and is now at
    172 gets the 170-day reminder, not two). A reminder is recorded per (organization, threshold, date
    counted from), so a new confirmation starts a fresh series.
    """
    today = today or timezone.localdate()
    results = []
    # Source pages only: a Spanish translation is the same listing, not a second one to remind about.
    for organization in OrganizationPage.objects.live().filter(in_source_locale()).order_by("title"):
        start = counted_from(organization)
        threshold = due_threshold(age_in_days(organization, today))
        if threshold is None:
            continue
        already = VerificationReminder.objects.filter(
            organization=organization, verified_on=start, threshold_days__gte=threshold
        ).exists()
        if already:
            continue
        editor_count = listing_editors(organization).count()
        if not editor_count:
            continue  # nobody to tell yet; the reminder goes out once the organization has an editor
        # Sent by the worker, which records the reminder only once its mail went out.
        result = send_organization_reminder.enqueue(organization.pk, threshold, start.isoformat(), today.isoformat())
        if result.is_finished and (result.status != TaskResultStatus.SUCCESSFUL or not result.return_value):
            continue  # sent at once (an immediate task backend) and failed: the next run tries again
        results.append(ReminderResult(organization, threshold, editor_count))
    return results


@task()
def send_organization_reminder(organization_id: int, threshold: int, verified_on: str, today: str) -> int:
    """Email one organization's editors one reminder and record it; 0 when it was already sent or mail failed
    (then nothing is recorded and the next daily run queues it again)."""
    organization = OrganizationPage.objects.filter(pk=organization_id).first()
    editors = list(listing_editors(organization)) if organization is not None else []
    if not editors:
        return 0
    start = date.fromisoformat(verified_on)
    try:
        with transaction.atomic():
            VerificationReminder.objects.create(
                organization=organization, threshold_days=threshold, verified_on=start, recipient_count=len(editors)
            )
            # Inside the transaction: if mail cannot go out, nothing is recorded and tomorrow's run retries.
            for editor in editors:
                _send_reminder(organization, editor, threshold, age_in_days(organization, date.fromisoformat(today)))
    except IntegrityError:
        return 0  # another run sent it a moment ago
    except Exception as error:
        # The class of the error only: an SMTP reply can quote addresses.
        logger.warning("Verification reminders for one organization could not be sent: %s", type(error).__name__)
        return 0
    return len(editors)


def _send_reminder(organization, editor, threshold, age):
    context = {
        "organization": organization,
        "age_days": age,
        "threshold": threshold,
        "stale_after": STALE_AFTER_DAYS,
        "confirm_url": confirmation_url(organization, editor),
        "coalition_name": settings.COALITION_NAME,
    }
    subject = render_to_string("directory/members/email/verification_reminder_subject.txt", context).strip()
    body = render_to_string("directory/members/email/verification_reminder.txt", context)
    send_mail(subject, body, None, [editor.email])
