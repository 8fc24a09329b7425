"""Two people answering the same referral at the same moment: exactly one wins, the other is told why.

Runs on the real database in separate threads and connections (SQLite here, PostgreSQL in CI).
"""

import threading

import pytest
from django.db import connection

from referrals.access import actor_for
from referrals.lifecycle import TransitionError, transition
from referrals.members import add_member
from referrals.models import Notification, RecipientEvent, RecipientStatus
from referrals.notifications import send_pending

from .conftest import make_referral

# serialized_rollback: the vocabularies and root collection made by data migrations survive the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*moves):
    """Run each (recipient_id, to, actor, reason) in its own thread, all released at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(i, recipient_id, to, actor, reason):
        try:
            barrier.wait()
            outcomes[i] = transition(recipient_id, to, actor, reason=reason).status
        except TransitionError as refused:
            outcomes[i] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_a_concurrent_accept_and_decline_leave_exactly_one_winner(coalition, attempt):
    colleague, _ = add_member(f"pia{attempt}", f"pia{attempt}@harbor.example", "provider", coalition.shelter_org)
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    outcomes = race(
        (recipient.pk, RecipientStatus.ACCEPTED, actor_for(coalition.provider), ""),
        (recipient.pk, RecipientStatus.DECLINED, actor_for(colleague), "no_capacity"),
    )
    winners = [o for o in outcomes if isinstance(o, str)]
    losers = [o for o in outcomes if isinstance(o, TransitionError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code in {"illegal_transition", "conflict", "busy"}
    recipient.refresh_from_db()
    assert recipient.status == winners[0]
    answers = RecipientEvent.objects.filter(recipient=recipient, to_status__in=["accepted", "declined"])
    assert answers.count() == 1 and answers.get().to_status == winners[0]


def test_two_concurrent_accepts_record_one_acceptance(coalition):
    recipient = make_referral(coalition, services=[coalition.shelter]).recipients.get()
    provider = actor_for(coalition.provider)
    outcomes = race((recipient.pk, "accepted", provider, ""), (recipient.pk, "accepted", provider, ""))
    assert sum(isinstance(o, str) for o in outcomes) == 1, outcomes
    assert RecipientEvent.objects.filter(recipient=recipient, to_status="accepted").count() == 1


def test_two_workers_sending_at_once_deliver_each_notice_once(coalition, smtp):
    make_referral(coalition, services=[coalition.shelter, coalition.legal])
    # Outside a test transaction the commit already ran the (immediate) task: put the notices back in waiting.
    assert len(smtp.messages) == 2
    Notification.objects.update(sent_at=None, claimed_at=None, attempts=0)
    smtp.messages.clear()
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        try:
            barrier.wait()
            counts.append(send_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # On SQLite a worker that meets the other's write lock leaves that notice to the next run: run it.
    counts.append(send_pending())
    assert sum(counts) == 2
    assert send_pending() == 0
    assert sorted(m["to"][0] for m in smtp.messages) == ["lee@justice.example", "pat@harbor.example"]
