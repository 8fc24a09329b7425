"""Email notices: written to an outbox in the same transaction as the change, sent later by a task.

A notice says only that something is waiting, with a link (opaque id) that needs a login. No client facts,
no needs, no service or person names: a mailbox is not a safe place for them.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from directory.task_priority import PERSON_WAITING

from . import links
from .models import Membership, Notification, Role

log = logging.getLogger(__name__)

# The mail server could not be reached at all (down, restarting, refusing connections): no notice is at
# fault, so none is marked failed, and the run stops; the worker's next sweep tries again.
SERVER_UNAVAILABLE = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


def stale_claim() -> timedelta:
    """A claim older than this is from a worker that died mid-send; the notice may be tried again."""
    return timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)


def _link(name: str, obj_id) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_BASE_URL + reverse(name, args=[obj_id])


def _queue(kind: str, to: list[str], subject: str, sentence: str, link: str) -> Notification | None:
    to = sorted({address for address in to if address})
    if not to:
        return None
    body = "\n\n".join(
        [
            sentence,
            _("Sign in to see it: %(link)s") % {"link": link},
            _("This message is automatic and holds no details on purpose. — %(name)s")
            % {"name": settings.COALITION_NAME},
        ]
    )
    notice = Notification.objects.create(kind=kind, to=to, subject=subject, body=body)
    # After the commit, so the worker finds the row; a scheduler run of send_notifications is the safety net.
    transaction.on_commit(lambda: send_pending_notifications.enqueue())
    return notice


def organization_addresses(organization) -> list[str]:
    """The organization's provider members' emails, or the organization's own email when it has none."""
    emails = list(
        Membership.objects.filter(organization=organization, role=Role.PROVIDER, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return emails or ([organization.email] if organization.email else [])


def answer_link(recipient) -> str:
    """The signed, expiring link to one part (links.py): sign-in and second factor, then straight to it."""
    return _link("referrals:answer", links.answer_token(recipient))


def notify_new_referral(recipient):
    return _queue(
        Notification.Kind.NEW_REFERRAL,
        organization_addresses(recipient.organization),
        _("A new referral is waiting"),
        _("A new referral is waiting for your organization."),
        answer_link(recipient),
    )


def notify_provider_message(recipient):
    """The advocate wrote on the part's conversation: the notice says only that a message is waiting."""
    return _queue(
        Notification.Kind.MESSAGE,
        organization_addresses(recipient.organization),
        _("A referral has a new message"),
        _("There is a new message on a referral sent to your organization."),
        answer_link(recipient),
    )


def notify_advocate(recipient, kind: str):
    """Accepted, declined, information requested or expired: the notice says only that there is an update."""
    advocate = recipient.referral.advocate
    return _queue(
        kind,
        [advocate.email],
        _("A referral you sent has an update"),
        _("There is an update on a referral you sent."),
        _link("referrals:detail", recipient.referral_id),
    )


def notify_filled(recipient):
    """A placement the organization was sent was accepted by another service: nothing more is needed."""
    return _queue(
        Notification.Kind.FILLED,
        organization_addresses(recipient.organization),
        _("A referral was filled by another service"),
        _("A referral sent to your organization was accepted by another service. Nothing more is needed."),
        _link("referrals:recipient", recipient.pk),
    )


def notify_coordinator(operation, addresses: list[str], link: str):
    """An operation alert for its coordinator: that something needs a look, never what or who."""
    return _queue(
        Notification.Kind.OPERATION_ALERT,
        list(addresses),
        _("An operation needs your attention"),
        _("A placement in an operation you coordinate is still unanswered and was sent to more services."),
        link,
    )


# --- Sending ---------------------------------------------------------------------------------------------


def _claim(notice_id, now) -> bool:
    """Take a notice for this worker; False when another worker has it or it was sent."""
    # The conditions sit on the UPDATE itself, not in a subquery: PostgreSQL re-checks an UPDATE's own WHERE on
    # the row after waiting for another worker's lock, but not a subquery's result, which let two workers claim
    # (and send) the same notice.
    unclaimed = Q(claimed_at=None) | Q(claimed_at__lt=now - stale_claim())
    fresh = Notification.objects.filter(unclaimed, pk=notice_id, sent_at=None, failed=False)
    return fresh.update(claimed_at=now) == 1


def has_pending() -> bool:
    return Notification.objects.filter(sent_at=None, failed=False).exists()


def send_pending(now=None) -> int:
    """Send every unsent notice once. Returns how many were sent. Safe to run in several workers at once.

    A notice the server refuses counts an attempt and is given up after NOTIFICATION_MAX_ATTEMPTS; a server
    that cannot be reached counts against no notice (an outage must not lose them) and ends the run."""
    max_attempts = settings.NOTIFICATION_MAX_ATTEMPTS
    sent = 0
    pending = Notification.objects.filter(sent_at=None, failed=False).values_list("pk", flat=True)
    for notice_id in list(pending):
        now = now or timezone.now()
        try:
            claimed = _claim(notice_id, now)
        except OperationalError:  # SQLite: another worker is writing; the next run picks it up
            claimed = False
        if not claimed:
            continue
        notice = Notification.objects.get(pk=notice_id)
        try:
            EmailMessage(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, notice.to).send()
        except Exception as error:  # noqa: BLE001 — any failure means "try again later"
            attempts = notice.attempts + 1
            unreachable = isinstance(error, SERVER_UNAVAILABLE)
            Notification.objects.filter(pk=notice_id).update(
                claimed_at=None,
                attempts=attempts,
                failed=not unreachable and attempts >= max_attempts,
                last_error=type(error).__name__,
            )
            # The class of the error only: an SMTP reply can quote addresses.
            log.warning("Notification %s not sent (attempt %s): %s", notice_id, attempts, type(error).__name__)
            if unreachable:
                break
            continue
        Notification.objects.filter(pk=notice_id).update(sent_at=timezone.now(), attempts=notice.attempts + 1)
        sent += 1
    return sent


@task(priority=PERSON_WAITING)
def send_pending_notifications() -> int:
    return send_pending()
