"""What needs a provider's answer first: parts waiting for an answer (or for the provider again, once the advocate
answered its question), overdue before due within the hour before the rest, unopened before opened, each by its
deadline."""

from datetime import timedelta

from django.utils import timezone

from .models import Recipient, RecipientStatus

S = RecipientStatus
AWAITING_ANSWER = {S.SENT, S.VIEWED}
SOON = timedelta(hours=1)


def due_state(recipient, now=None) -> str:
    """ "overdue", "due_soon" (within the hour) or "" for a part still waiting for the provider's answer."""
    if recipient.status not in AWAITING_ANSWER or recipient.respond_by is None:
        return ""
    now = now or timezone.now()
    if recipient.respond_by < now:
        return "overdue"
    if recipient.respond_by - now <= SOON:
        return "due_soon"
    return ""


def for_provider(recipients, now=None) -> list:
    """The inbox in the order a provider should act: each part gets `due_state` and `advocate_answered` (from
    `last_author_role`, the role of the part's newest message, when the query gave it)."""
    now = now or timezone.now()
    rank = {"overdue": 0, "due_soon": 1, "": 2}
    for recipient in recipients:
        recipient.due_state = due_state(recipient, now)
        # The provider asked, the advocate has answered: the provider's turn again.
        recipient.advocate_answered = (
            recipient.status == S.INFO_REQUESTED and getattr(recipient, "last_author_role", None) == "advocate"
        )

    def key(recipient):
        waiting = recipient.status in AWAITING_ANSWER or recipient.advocate_answered
        deadline = recipient.respond_by.timestamp() if waiting and recipient.respond_by else float("inf")
        unopened = recipient.status == S.SENT
        return (not waiting, rank[recipient.due_state], not unopened, deadline, -recipient.sent_at.timestamp())

    return sorted(recipients, key=key)


def unanswered_urgent(now=None, limit: int = 100) -> list:
    """Urgent parts no organization has answered yet, the most overdue first, each with `due_state`: the
    coalition dashboard's list to chase. Services and organizations only; no client facts or codes."""
    now = now or timezone.now()
    parts = list(
        Recipient.objects.filter(status__in=AWAITING_ANSWER, referral__urgent=True)
        .select_related("service", "organization")
        .order_by("respond_by", "sent_at")[:limit]
    )
    for part in parts:
        part.due_state = due_state(part, now)
    return parts
